# Written by cbench; run with: gnuplot startup-create-to-exit-cdf.gp
set terminal svg size 800,480 noenhanced font 'sans,11' background '#ffffff'
set output 'startup-create-to-exit-cdf.svg'
set title 'startup: create-to-exit, CDF'
set xlabel 'create-to-exit (ms)'
set ylabel 'fraction of samples'
set grid
set key outside right top
set logscale x
set yrange [0:1]
plot 'startup-create-to-exit-cdf.dat' index 0 using 1:2 with steps linewidth 2 linecolor rgb '#d62728' title 'cbench-oci', \
     'startup-create-to-exit-cdf.dat' index 1 using 1:2 with steps linewidth 2 linecolor rgb '#2ca02c' title 'cbench-oci-lib', \
     'startup-create-to-exit-cdf.dat' index 2 using 1:2 with steps linewidth 2 linecolor rgb '#ff7f0e' title 'crun', \
     'startup-create-to-exit-cdf.dat' index 3 using 1:2 with steps linewidth 2 linecolor rgb '#9467bd' title 'runc', \
     'startup-create-to-exit-cdf.dat' index 4 using 1:2 with steps linewidth 2 linecolor rgb '#e377c2' title 'cbench-app', \
     'startup-create-to-exit-cdf.dat' index 5 using 1:2 with steps linewidth 2 linecolor rgb '#17becf' title 'cbench-app-lib', \
     'startup-create-to-exit-cdf.dat' index 6 using 1:2 with steps linewidth 2 linecolor rgb '#bcbd22' title 'lxc', \
     'startup-create-to-exit-cdf.dat' index 7 using 1:2 with steps linewidth 2 linecolor rgb '#7f7f7f' title 'podman-crun', \
     'startup-create-to-exit-cdf.dat' index 8 using 1:2 with steps linewidth 2 linecolor rgb '#393b79' title 'podman-runc', \
     'startup-create-to-exit-cdf.dat' index 9 using 1:2 with steps linewidth 2 linecolor rgb '#637939' title 'podman-cbench', \
     'startup-create-to-exit-cdf.dat' index 10 using 1:2 with steps linewidth 2 linecolor rgb '#1f77b4' title 'docker', \
     'startup-create-to-exit-cdf.dat' index 11 using 1:2 with steps linewidth 2 linecolor rgb '#d62728' title 'docker-cbench'
set terminal pngcairo size 800,480 noenhanced font 'sans,10' background '#ffffff'
set output 'startup-create-to-exit-cdf.png'
replot
unset output
