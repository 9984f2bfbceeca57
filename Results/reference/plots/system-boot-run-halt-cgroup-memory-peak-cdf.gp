# Written by cbench; run with: gnuplot system-boot-run-halt-cgroup-memory-peak-cdf.gp
set terminal svg size 800,480 noenhanced font 'sans,11' background '#ffffff'
set output 'system-boot-run-halt-cgroup-memory-peak-cdf.svg'
set title 'system-boot-run-halt: cgroup-memory-peak, CDF'
set xlabel 'cgroup-memory-peak (MB)'
set ylabel 'fraction of samples'
set grid
set key outside right top
set yrange [0:1]
plot 'system-boot-run-halt-cgroup-memory-peak-cdf.dat' index 0 using 1:2 with steps linewidth 2 linecolor rgb '#8c564b' title 'cbench-system', \
     'system-boot-run-halt-cgroup-memory-peak-cdf.dat' index 1 using 1:2 with steps linewidth 2 linecolor rgb '#bcbd22' title 'lxc'
set terminal pngcairo size 800,480 noenhanced font 'sans,10' background '#ffffff'
set output 'system-boot-run-halt-cgroup-memory-peak-cdf.png'
replot
unset output
