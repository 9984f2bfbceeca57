# Written by cbench; run with: gnuplot density-system-quick-parallel-start-sweep.gp
set terminal svg size 800,480 noenhanced font 'sans,11' background '#ffffff'
set output 'density-system-quick-parallel-start-sweep.svg'
set title 'density-system-quick: parallel-start over workers (median, 95% CI)'
set xlabel 'workers'
set ylabel 'parallel-start (ms)'
set grid
set key outside right top
set offsets graph 0.03, graph 0.03, 0, 0
plot 'density-system-quick-parallel-start-sweep.dat' index 0 using 1:2:3:4 with yerrorlines linewidth 2 pointtype 7 linecolor rgb '#8c564b' title 'cbench-system', \
     'density-system-quick-parallel-start-sweep.dat' index 1 using 1:2:3:4 with yerrorlines linewidth 2 pointtype 7 linecolor rgb '#bcbd22' title 'lxc'
set terminal pngcairo size 800,480 noenhanced font 'sans,10' background '#ffffff'
set output 'density-system-quick-parallel-start-sweep.png'
replot
unset output
