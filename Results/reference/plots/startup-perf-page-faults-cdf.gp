# Written by cbench; run with: gnuplot startup-perf-page-faults-cdf.gp
set terminal svg size 800,480 noenhanced font 'sans,11' background '#ffffff'
set output 'startup-perf-page-faults-cdf.svg'
set title 'startup: perf:page-faults, CDF'
set xlabel 'perf:page-faults (count)'
set ylabel 'fraction of samples'
set grid
set key outside right top
set logscale x
set yrange [0:1]
plot 'startup-perf-page-faults-cdf.dat' index 0 using 1:2 with steps linewidth 2 linecolor rgb '#d62728' title 'cbench-oci', \
     'startup-perf-page-faults-cdf.dat' index 1 using 1:2 with steps linewidth 2 linecolor rgb '#2ca02c' title 'cbench-oci-lib', \
     'startup-perf-page-faults-cdf.dat' index 2 using 1:2 with steps linewidth 2 linecolor rgb '#ff7f0e' title 'crun', \
     'startup-perf-page-faults-cdf.dat' index 3 using 1:2 with steps linewidth 2 linecolor rgb '#9467bd' title 'runc', \
     'startup-perf-page-faults-cdf.dat' index 4 using 1:2 with steps linewidth 2 linecolor rgb '#e377c2' title 'cbench-app', \
     'startup-perf-page-faults-cdf.dat' index 5 using 1:2 with steps linewidth 2 linecolor rgb '#17becf' title 'cbench-app-lib', \
     'startup-perf-page-faults-cdf.dat' index 6 using 1:2 with steps linewidth 2 linecolor rgb '#bcbd22' title 'lxc', \
     'startup-perf-page-faults-cdf.dat' index 7 using 1:2 with steps linewidth 2 linecolor rgb '#7f7f7f' title 'podman-crun', \
     'startup-perf-page-faults-cdf.dat' index 8 using 1:2 with steps linewidth 2 linecolor rgb '#393b79' title 'podman-runc', \
     'startup-perf-page-faults-cdf.dat' index 9 using 1:2 with steps linewidth 2 linecolor rgb '#637939' title 'podman-cbench', \
     'startup-perf-page-faults-cdf.dat' index 10 using 1:2 with steps linewidth 2 linecolor rgb '#1f77b4' title 'docker', \
     'startup-perf-page-faults-cdf.dat' index 11 using 1:2 with steps linewidth 2 linecolor rgb '#d62728' title 'docker-cbench'
set terminal pngcairo size 800,480 noenhanced font 'sans,10' background '#ffffff'
set output 'startup-perf-page-faults-cdf.png'
replot
unset output
