# Written by cbench; run with: gnuplot density-system-quick-start-latency.gp
set terminal svg size 800,480 noenhanced font 'sans,11' background '#ffffff'
set output 'density-system-quick-start-latency.svg'
set title 'density-system-quick: start latency against containers running (p50 and p90 per bucket)'
set xlabel 'containers running'
set ylabel 'start latency (ms)'
set grid
set key outside right top
set logscale x
set offsets graph 0.03, graph 0.03, 0, 0
plot 'density-system-quick-start-latency.dat' index 0 using 1:2 with linespoints linewidth 2 pointtype 7 linecolor rgb '#1f77b4' title 'cbench-system p50', \
     'density-system-quick-start-latency.dat' index 1 using 1:2 with linespoints linewidth 2 pointtype 7 linecolor rgb '#1f77b4' title 'cbench-system p90', \
     'density-system-quick-start-latency.dat' index 2 using 1:2 with linespoints linewidth 2 pointtype 7 linecolor rgb '#1f77b4' title 'lxc p50', \
     'density-system-quick-start-latency.dat' index 3 using 1:2 with linespoints linewidth 2 pointtype 7 linecolor rgb '#1f77b4' title 'lxc p90'
set terminal pngcairo size 800,480 noenhanced font 'sans,10' background '#ffffff'
set output 'density-system-quick-start-latency.png'
replot
unset output
