# Written by cbench; run with: gnuplot system-startup-boot-run-halt-cdf.gp
set terminal svg size 800,480 noenhanced font 'sans,11' background '#ffffff'
set output 'system-startup-boot-run-halt-cdf.svg'
set title 'system-startup: boot-run-halt, CDF'
set xlabel 'boot-run-halt (ms)'
set ylabel 'fraction of samples'
set grid
set key outside right top
set yrange [0:1]
plot 'system-startup-boot-run-halt-cdf.dat' index 0 using 1:2 with steps linewidth 2 linecolor rgb '#8c564b' title 'cbench-system', \
     'system-startup-boot-run-halt-cdf.dat' index 1 using 1:2 with steps linewidth 2 linecolor rgb '#bcbd22' title 'lxc'
set terminal pngcairo size 800,480 noenhanced font 'sans,10' background '#ffffff'
set output 'system-startup-boot-run-halt-cdf.png'
replot
unset output
