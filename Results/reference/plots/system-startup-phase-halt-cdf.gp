# Written by cbench; run with: gnuplot system-startup-phase-halt-cdf.gp
set terminal svg size 800,480 noenhanced font 'sans,11' background '#ffffff'
set output 'system-startup-phase-halt-cdf.svg'
set title 'system-startup: phase:halt, CDF'
set xlabel 'phase:halt (ms)'
set ylabel 'fraction of samples'
set grid
set key outside right top
set yrange [0:1]
plot 'system-startup-phase-halt-cdf.dat' index 0 using 1:2 with steps linewidth 2 linecolor rgb '#8c564b' title 'cbench-system', \
     'system-startup-phase-halt-cdf.dat' index 1 using 1:2 with steps linewidth 2 linecolor rgb '#bcbd22' title 'lxc'
set terminal pngcairo size 800,480 noenhanced font 'sans,10' background '#ffffff'
set output 'system-startup-phase-halt-cdf.png'
replot
unset output
