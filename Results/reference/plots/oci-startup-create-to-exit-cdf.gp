# Written by cbench; run with: gnuplot oci-startup-create-to-exit-cdf.gp
set terminal svg size 800,480 noenhanced font 'sans,11' background '#ffffff'
set output 'oci-startup-create-to-exit-cdf.svg'
set title 'oci-startup: create-to-exit, CDF'
set xlabel 'create-to-exit (ms)'
set ylabel 'fraction of samples'
set grid
set key outside right top
set logscale x
set yrange [0:1]
plot 'oci-startup-create-to-exit-cdf.dat' index 0 using 1:2 with steps linewidth 2 linecolor rgb '#d62728' title 'cbench-oci', \
     'oci-startup-create-to-exit-cdf.dat' index 1 using 1:2 with steps linewidth 2 linecolor rgb '#ff7f0e' title 'crun', \
     'oci-startup-create-to-exit-cdf.dat' index 2 using 1:2 with steps linewidth 2 linecolor rgb '#9467bd' title 'runc', \
     'oci-startup-create-to-exit-cdf.dat' index 3 using 1:2 with steps linewidth 2 linecolor rgb '#ff7f0e' title 'unshare'
set terminal pngcairo size 800,480 noenhanced font 'sans,10' background '#ffffff'
set output 'oci-startup-create-to-exit-cdf.png'
replot
unset output
