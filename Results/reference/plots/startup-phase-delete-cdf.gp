# Written by cbench; run with: gnuplot startup-phase-delete-cdf.gp
set terminal svg size 800,480 noenhanced font 'sans,11' background '#ffffff'
set output 'startup-phase-delete-cdf.svg'
set title 'startup: phase:delete, CDF'
set xlabel 'phase:delete (ms)'
set ylabel 'fraction of samples'
set grid
set key outside right top
set logscale x
set yrange [0:1]
plot 'startup-phase-delete-cdf.dat' index 0 using 1:2 with steps linewidth 2 linecolor rgb '#d62728' title 'cbench-oci', \
     'startup-phase-delete-cdf.dat' index 1 using 1:2 with steps linewidth 2 linecolor rgb '#2ca02c' title 'cbench-oci-lib', \
     'startup-phase-delete-cdf.dat' index 2 using 1:2 with steps linewidth 2 linecolor rgb '#ff7f0e' title 'crun', \
     'startup-phase-delete-cdf.dat' index 3 using 1:2 with steps linewidth 2 linecolor rgb '#9467bd' title 'runc', \
     'startup-phase-delete-cdf.dat' index 4 using 1:2 with steps linewidth 2 linecolor rgb '#17becf' title 'cbench-app-lib'
set terminal pngcairo size 800,480 noenhanced font 'sans,10' background '#ffffff'
set output 'startup-phase-delete-cdf.png'
replot
unset output
