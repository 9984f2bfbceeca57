# Written by cbench; run with: gnuplot startup-phase-run-cdf.gp
set terminal svg size 800,480 noenhanced font 'sans,11' background '#ffffff'
set output 'startup-phase-run-cdf.svg'
set title 'startup: phase:run, CDF'
set xlabel 'phase:run (ms)'
set ylabel 'fraction of samples'
set grid
set key outside right top
set logscale x
set yrange [0:1]
plot 'startup-phase-run-cdf.dat' index 0 using 1:2 with steps linewidth 2 linecolor rgb '#e377c2' title 'cbench-app', \
     'startup-phase-run-cdf.dat' index 1 using 1:2 with steps linewidth 2 linecolor rgb '#bcbd22' title 'lxc', \
     'startup-phase-run-cdf.dat' index 2 using 1:2 with steps linewidth 2 linecolor rgb '#7f7f7f' title 'podman-crun', \
     'startup-phase-run-cdf.dat' index 3 using 1:2 with steps linewidth 2 linecolor rgb '#393b79' title 'podman-runc', \
     'startup-phase-run-cdf.dat' index 4 using 1:2 with steps linewidth 2 linecolor rgb '#637939' title 'podman-cbench', \
     'startup-phase-run-cdf.dat' index 5 using 1:2 with steps linewidth 2 linecolor rgb '#1f77b4' title 'docker', \
     'startup-phase-run-cdf.dat' index 6 using 1:2 with steps linewidth 2 linecolor rgb '#d62728' title 'docker-cbench'
set terminal pngcairo size 800,480 noenhanced font 'sans,10' background '#ffffff'
set output 'startup-phase-run-cdf.png'
replot
unset output
