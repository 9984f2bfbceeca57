# Written by cbench; run with: gnuplot oci-startup-phase-run-cdf.gp
set terminal svg size 800,480 noenhanced font 'sans,11' background '#ffffff'
set output 'oci-startup-phase-run-cdf.svg'
set title 'oci-startup: phase:run, CDF'
set xlabel 'phase:run (ms)'
set ylabel 'fraction of samples'
set grid
set key outside right top
set yrange [0:1]
plot 'oci-startup-phase-run-cdf.dat' index 0 using 1:2 with steps linewidth 2 linecolor rgb '#ff7f0e' title 'unshare'
set terminal pngcairo size 800,480 noenhanced font 'sans,10' background '#ffffff'
set output 'oci-startup-phase-run-cdf.png'
replot
unset output
