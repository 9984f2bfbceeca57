# Written by cbench; run with: gnuplot density-system-quick-parallel.gp
set terminal svg size 800,480 noenhanced font 'sans,11' background '#ffffff'
set output 'density-system-quick-parallel.svg'
set title 'density-system-quick: containers started per second against workers'
set xlabel 'workers'
set ylabel 'containers per second'
set grid
set key outside right top
set logscale x
set offsets graph 0.03, graph 0.03, 0, 0
plot 'density-system-quick-parallel.dat' index 0 using 1:2 with linespoints linewidth 2 pointtype 7 linecolor rgb '#1f77b4' title 'cbench-system', \
     'density-system-quick-parallel.dat' index 1 using 1:2 with linespoints linewidth 2 pointtype 7 linecolor rgb '#1f77b4' title 'lxc'
set terminal pngcairo size 800,480 noenhanced font 'sans,10' background '#ffffff'
set output 'density-system-quick-parallel.png'
replot
unset output
