# Written by cbench; run with: gnuplot density-system-quick-start-cdf.gp
set terminal svg size 800,480 noenhanced font 'sans,11' background '#ffffff'
set output 'density-system-quick-start-cdf.svg'
set title 'density-system-quick: start, CDF'
set xlabel 'start (ms)'
set ylabel 'fraction of samples'
set grid
set key outside right top
set yrange [0:1]
plot 'density-system-quick-start-cdf.dat' index 0 using 1:2 with steps linewidth 2 linecolor rgb '#8c564b' title 'cbench-system', \
     'density-system-quick-start-cdf.dat' index 1 using 1:2 with steps linewidth 2 linecolor rgb '#bcbd22' title 'lxc'
set terminal pngcairo size 800,480 noenhanced font 'sans,10' background '#ffffff'
set output 'density-system-quick-start-cdf.png'
replot
unset output
