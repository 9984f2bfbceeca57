# Written by cbench; run with: gnuplot density-quick-teardown-cdf.gp
set terminal svg size 800,480 noenhanced font 'sans,11' background '#ffffff'
set output 'density-quick-teardown-cdf.svg'
set title 'density-quick: teardown, CDF'
set xlabel 'teardown (ms)'
set ylabel 'fraction of samples'
set grid
set key outside right top
set logscale x
set yrange [0:1]
plot 'density-quick-teardown-cdf.dat' index 0 using 1:2 with steps linewidth 2 linecolor rgb '#d62728' title 'cbench-oci', \
     'density-quick-teardown-cdf.dat' index 1 using 1:2 with steps linewidth 2 linecolor rgb '#ff7f0e' title 'crun', \
     'density-quick-teardown-cdf.dat' index 2 using 1:2 with steps linewidth 2 linecolor rgb '#9467bd' title 'runc', \
     'density-quick-teardown-cdf.dat' index 3 using 1:2 with steps linewidth 2 linecolor rgb '#e377c2' title 'cbench-app', \
     'density-quick-teardown-cdf.dat' index 4 using 1:2 with steps linewidth 2 linecolor rgb '#7f7f7f' title 'podman-crun', \
     'density-quick-teardown-cdf.dat' index 5 using 1:2 with steps linewidth 2 linecolor rgb '#393b79' title 'podman-runc', \
     'density-quick-teardown-cdf.dat' index 6 using 1:2 with steps linewidth 2 linecolor rgb '#637939' title 'podman-cbench', \
     'density-quick-teardown-cdf.dat' index 7 using 1:2 with steps linewidth 2 linecolor rgb '#1f77b4' title 'docker', \
     'density-quick-teardown-cdf.dat' index 8 using 1:2 with steps linewidth 2 linecolor rgb '#d62728' title 'docker-cbench'
set terminal pngcairo size 800,480 noenhanced font 'sans,10' background '#ffffff'
set output 'density-quick-teardown-cdf.png'
replot
unset output
