# Written by cbench; run with: gnuplot system-startup-phase-boot-cdf.gp
set terminal svg size 800,480 noenhanced font 'sans,11' background '#ffffff'
set output 'system-startup-phase-boot-cdf.svg'
set title 'system-startup: phase:boot, CDF'
set xlabel 'phase:boot (ms)'
set ylabel 'fraction of samples'
set grid
set key outside right top
set yrange [0:1]
plot 'system-startup-phase-boot-cdf.dat' index 0 using 1:2 with steps linewidth 2 linecolor rgb '#8c564b' title 'cbench-system', \
     'system-startup-phase-boot-cdf.dat' index 1 using 1:2 with steps linewidth 2 linecolor rgb '#bcbd22' title 'lxc'
set terminal pngcairo size 800,480 noenhanced font 'sans,10' background '#ffffff'
set output 'system-startup-phase-boot-cdf.png'
replot
unset output
