# Written by cbench; run with: gnuplot overhead-memory-copy-sweep.gp
set terminal svg size 800,480 noenhanced font 'sans,11' background '#ffffff'
set output 'overhead-memory-copy-sweep.svg'
set title 'overhead: memory copy over workload (median, 95% CI)'
set xlabel 'workload'
set ylabel 'memory copy (MB/s)'
set grid
set key outside right top
set offsets graph 0.03, graph 0.03, 0, 0
set xtics ('memory' 1)
set xrange [0.5:1.5]
plot 'overhead-memory-copy-sweep.dat' index 0 using 1:2:3:4 with yerrorlines linewidth 2 pointtype 7 linecolor rgb '#d62728' title 'cbench-oci', \
     'overhead-memory-copy-sweep.dat' index 1 using 1:2:3:4 with yerrorlines linewidth 2 pointtype 7 linecolor rgb '#2ca02c' title 'cbench-oci-lib', \
     'overhead-memory-copy-sweep.dat' index 2 using 1:2:3:4 with yerrorlines linewidth 2 pointtype 7 linecolor rgb '#ff7f0e' title 'crun', \
     'overhead-memory-copy-sweep.dat' index 3 using 1:2:3:4 with yerrorlines linewidth 2 pointtype 7 linecolor rgb '#9467bd' title 'runc', \
     'overhead-memory-copy-sweep.dat' index 4 using 1:2:3:4 with yerrorlines linewidth 2 pointtype 7 linecolor rgb '#8c564b' title 'cbench-system', \
     'overhead-memory-copy-sweep.dat' index 5 using 1:2:3:4 with yerrorlines linewidth 2 pointtype 7 linecolor rgb '#e377c2' title 'cbench-app', \
     'overhead-memory-copy-sweep.dat' index 6 using 1:2:3:4 with yerrorlines linewidth 2 pointtype 7 linecolor rgb '#17becf' title 'cbench-app-lib', \
     'overhead-memory-copy-sweep.dat' index 7 using 1:2:3:4 with yerrorlines linewidth 2 pointtype 7 linecolor rgb '#bcbd22' title 'lxc', \
     'overhead-memory-copy-sweep.dat' index 8 using 1:2:3:4 with yerrorlines linewidth 2 pointtype 7 linecolor rgb '#7f7f7f' title 'podman-crun', \
     'overhead-memory-copy-sweep.dat' index 9 using 1:2:3:4 with yerrorlines linewidth 2 pointtype 7 linecolor rgb '#393b79' title 'podman-runc', \
     'overhead-memory-copy-sweep.dat' index 10 using 1:2:3:4 with yerrorlines linewidth 2 pointtype 7 linecolor rgb '#637939' title 'podman-cbench', \
     'overhead-memory-copy-sweep.dat' index 11 using 1:2:3:4 with yerrorlines linewidth 2 pointtype 7 linecolor rgb '#1f77b4' title 'docker', \
     'overhead-memory-copy-sweep.dat' index 12 using 1:2:3:4 with yerrorlines linewidth 2 pointtype 7 linecolor rgb '#d62728' title 'docker-cbench', \
     'overhead-memory-copy-sweep.dat' index 13 using 1:2:3:4 with yerrorlines linewidth 2 pointtype 7 linecolor rgb '#9467bd' title 'host'
set terminal pngcairo size 800,480 noenhanced font 'sans,10' background '#ffffff'
set output 'overhead-memory-copy-sweep.png'
replot
unset output
