# Written by cbench; run with: gnuplot oci-startup-phase-delete-cdf.gp
set terminal svg size 800,480 noenhanced font 'sans,11' background '#ffffff'
set output 'oci-startup-phase-delete-cdf.svg'
set title 'oci-startup: phase:delete, CDF'
set xlabel 'phase:delete (ms)'
set ylabel 'fraction of samples'
set grid
set key outside right top
set yrange [0:1]
plot 'oci-startup-phase-delete-cdf.dat' index 0 using 1:2 with steps linewidth 2 linecolor rgb '#d62728' title 'cbench-oci', \
     'oci-startup-phase-delete-cdf.dat' index 1 using 1:2 with steps linewidth 2 linecolor rgb '#ff7f0e' title 'crun', \
     'oci-startup-phase-delete-cdf.dat' index 2 using 1:2 with steps linewidth 2 linecolor rgb '#9467bd' title 'runc'
set terminal pngcairo size 800,480 noenhanced font 'sans,10' background '#ffffff'
set output 'oci-startup-phase-delete-cdf.png'
replot
unset output
