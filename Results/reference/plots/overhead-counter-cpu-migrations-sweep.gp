# Written by cbench; run with: gnuplot overhead-counter-cpu-migrations-sweep.gp
set terminal svg size 800,480 noenhanced font 'sans,11' background '#ffffff'
set output 'overhead-counter-cpu-migrations-sweep.svg'
set title 'overhead: counter cpu-migrations over workload (median, 95% CI)'
set xlabel 'workload'
set ylabel 'counter cpu-migrations (count)'
set grid
set key outside right top
set offsets graph 0.03, graph 0.03, 0, 0
set xtics ('cpu' 1, 'fio' 2, 'memory' 3, 'process' 4, 'syscalls' 5)
set xrange [0.5:5.5]
plot 'overhead-counter-cpu-migrations-sweep.dat' index 0 using 1:2:3:4 with yerrorlines linewidth 2 pointtype 7 linecolor rgb '#d62728' title 'cbench-oci', \
     'overhead-counter-cpu-migrations-sweep.dat' index 1 using 1:2:3:4 with yerrorlines linewidth 2 pointtype 7 linecolor rgb '#d62728' title 'cbench-oci filter=default', \
     'overhead-counter-cpu-migrations-sweep.dat' index 2 using 1:2:3:4 with yerrorlines linewidth 2 pointtype 7 linecolor rgb '#d62728' title 'cbench-oci filter=none', \
     'overhead-counter-cpu-migrations-sweep.dat' index 3 using 1:2:3:4 with yerrorlines linewidth 2 pointtype 7 linecolor rgb '#d62728' title 'cbench-oci storage=bind', \
     'overhead-counter-cpu-migrations-sweep.dat' index 4 using 1:2:3:4 with yerrorlines linewidth 2 pointtype 7 linecolor rgb '#2ca02c' title 'cbench-oci-lib', \
     'overhead-counter-cpu-migrations-sweep.dat' index 5 using 1:2:3:4 with yerrorlines linewidth 2 pointtype 7 linecolor rgb '#2ca02c' title 'cbench-oci-lib filter=default', \
     'overhead-counter-cpu-migrations-sweep.dat' index 6 using 1:2:3:4 with yerrorlines linewidth 2 pointtype 7 linecolor rgb '#2ca02c' title 'cbench-oci-lib filter=none', \
     'overhead-counter-cpu-migrations-sweep.dat' index 7 using 1:2:3:4 with yerrorlines linewidth 2 pointtype 7 linecolor rgb '#2ca02c' title 'cbench-oci-lib storage=bind', \
     'overhead-counter-cpu-migrations-sweep.dat' index 8 using 1:2:3:4 with yerrorlines linewidth 2 pointtype 7 linecolor rgb '#ff7f0e' title 'crun', \
     'overhead-counter-cpu-migrations-sweep.dat' index 9 using 1:2:3:4 with yerrorlines linewidth 2 pointtype 7 linecolor rgb '#ff7f0e' title 'crun filter=default', \
     'overhead-counter-cpu-migrations-sweep.dat' index 10 using 1:2:3:4 with yerrorlines linewidth 2 pointtype 7 linecolor rgb '#ff7f0e' title 'crun filter=none', \
     'overhead-counter-cpu-migrations-sweep.dat' index 11 using 1:2:3:4 with yerrorlines linewidth 2 pointtype 7 linecolor rgb '#ff7f0e' title 'crun storage=bind', \
     'overhead-counter-cpu-migrations-sweep.dat' index 12 using 1:2:3:4 with yerrorlines linewidth 2 pointtype 7 linecolor rgb '#9467bd' title 'runc', \
     'overhead-counter-cpu-migrations-sweep.dat' index 13 using 1:2:3:4 with yerrorlines linewidth 2 pointtype 7 linecolor rgb '#9467bd' title 'runc filter=default', \
     'overhead-counter-cpu-migrations-sweep.dat' index 14 using 1:2:3:4 with yerrorlines linewidth 2 pointtype 7 linecolor rgb '#9467bd' title 'runc filter=none', \
     'overhead-counter-cpu-migrations-sweep.dat' index 15 using 1:2:3:4 with yerrorlines linewidth 2 pointtype 7 linecolor rgb '#9467bd' title 'runc storage=bind', \
     'overhead-counter-cpu-migrations-sweep.dat' index 16 using 1:2:3:4 with yerrorlines linewidth 2 pointtype 7 linecolor rgb '#8c564b' title 'cbench-system', \
     'overhead-counter-cpu-migrations-sweep.dat' index 17 using 1:2:3:4 with yerrorlines linewidth 2 pointtype 7 linecolor rgb '#8c564b' title 'cbench-system filter=default', \
     'overhead-counter-cpu-migrations-sweep.dat' index 18 using 1:2:3:4 with yerrorlines linewidth 2 pointtype 7 linecolor rgb '#8c564b' title 'cbench-system filter=none', \
     'overhead-counter-cpu-migrations-sweep.dat' index 19 using 1:2:3:4 with yerrorlines linewidth 2 pointtype 7 linecolor rgb '#8c564b' title 'cbench-system storage=bind', \
     'overhead-counter-cpu-migrations-sweep.dat' index 20 using 1:2:3:4 with yerrorlines linewidth 2 pointtype 7 linecolor rgb '#e377c2' title 'cbench-app', \
     'overhead-counter-cpu-migrations-sweep.dat' index 21 using 1:2:3:4 with yerrorlines linewidth 2 pointtype 7 linecolor rgb '#e377c2' title 'cbench-app filter=default', \
     'overhead-counter-cpu-migrations-sweep.dat' index 22 using 1:2:3:4 with yerrorlines linewidth 2 pointtype 7 linecolor rgb '#e377c2' title 'cbench-app filter=none', \
     'overhead-counter-cpu-migrations-sweep.dat' index 23 using 1:2:3:4 with yerrorlines linewidth 2 pointtype 7 linecolor rgb '#e377c2' title 'cbench-app storage=bind', \
     'overhead-counter-cpu-migrations-sweep.dat' index 24 using 1:2:3:4 with yerrorlines linewidth 2 pointtype 7 linecolor rgb '#17becf' title 'cbench-app-lib', \
     'overhead-counter-cpu-migrations-sweep.dat' index 25 using 1:2:3:4 with yerrorlines linewidth 2 pointtype 7 linecolor rgb '#17becf' title 'cbench-app-lib filter=default', \
     'overhead-counter-cpu-migrations-sweep.dat' index 26 using 1:2:3:4 with yerrorlines linewidth 2 pointtype 7 linecolor rgb '#17becf' title 'cbench-app-lib filter=none', \
     'overhead-counter-cpu-migrations-sweep.dat' index 27 using 1:2:3:4 with yerrorlines linewidth 2 pointtype 7 linecolor rgb '#17becf' title 'cbench-app-lib storage=bind', \
     'overhead-counter-cpu-migrations-sweep.dat' index 28 using 1:2:3:4 with yerrorlines linewidth 2 pointtype 7 linecolor rgb '#bcbd22' title 'lxc', \
     'overhead-counter-cpu-migrations-sweep.dat' index 29 using 1:2:3:4 with yerrorlines linewidth 2 pointtype 7 linecolor rgb '#bcbd22' title 'lxc filter=default', \
     'overhead-counter-cpu-migrations-sweep.dat' index 30 using 1:2:3:4 with yerrorlines linewidth 2 pointtype 7 linecolor rgb '#bcbd22' title 'lxc filter=none', \
     'overhead-counter-cpu-migrations-sweep.dat' index 31 using 1:2:3:4 with yerrorlines linewidth 2 pointtype 7 linecolor rgb '#bcbd22' title 'lxc storage=bind', \
     'overhead-counter-cpu-migrations-sweep.dat' index 32 using 1:2:3:4 with yerrorlines linewidth 2 pointtype 7 linecolor rgb '#7f7f7f' title 'podman-crun', \
     'overhead-counter-cpu-migrations-sweep.dat' index 33 using 1:2:3:4 with yerrorlines linewidth 2 pointtype 7 linecolor rgb '#7f7f7f' title 'podman-crun filter=default', \
     'overhead-counter-cpu-migrations-sweep.dat' index 34 using 1:2:3:4 with yerrorlines linewidth 2 pointtype 7 linecolor rgb '#7f7f7f' title 'podman-crun filter=none', \
     'overhead-counter-cpu-migrations-sweep.dat' index 35 using 1:2:3:4 with yerrorlines linewidth 2 pointtype 7 linecolor rgb '#7f7f7f' title 'podman-crun storage=bind', \
     'overhead-counter-cpu-migrations-sweep.dat' index 36 using 1:2:3:4 with yerrorlines linewidth 2 pointtype 7 linecolor rgb '#393b79' title 'podman-runc', \
     'overhead-counter-cpu-migrations-sweep.dat' index 37 using 1:2:3:4 with yerrorlines linewidth 2 pointtype 7 linecolor rgb '#393b79' title 'podman-runc filter=default', \
     'overhead-counter-cpu-migrations-sweep.dat' index 38 using 1:2:3:4 with yerrorlines linewidth 2 pointtype 7 linecolor rgb '#393b79' title 'podman-runc filter=none', \
     'overhead-counter-cpu-migrations-sweep.dat' index 39 using 1:2:3:4 with yerrorlines linewidth 2 pointtype 7 linecolor rgb '#393b79' title 'podman-runc storage=bind', \
     'overhead-counter-cpu-migrations-sweep.dat' index 40 using 1:2:3:4 with yerrorlines linewidth 2 pointtype 7 linecolor rgb '#637939' title 'podman-cbench', \
     'overhead-counter-cpu-migrations-sweep.dat' index 41 using 1:2:3:4 with yerrorlines linewidth 2 pointtype 7 linecolor rgb '#637939' title 'podman-cbench filter=default', \
     'overhead-counter-cpu-migrations-sweep.dat' index 42 using 1:2:3:4 with yerrorlines linewidth 2 pointtype 7 linecolor rgb '#637939' title 'podman-cbench filter=none', \
     'overhead-counter-cpu-migrations-sweep.dat' index 43 using 1:2:3:4 with yerrorlines linewidth 2 pointtype 7 linecolor rgb '#637939' title 'podman-cbench storage=bind', \
     'overhead-counter-cpu-migrations-sweep.dat' index 44 using 1:2:3:4 with yerrorlines linewidth 2 pointtype 7 linecolor rgb '#1f77b4' title 'docker', \
     'overhead-counter-cpu-migrations-sweep.dat' index 45 using 1:2:3:4 with yerrorlines linewidth 2 pointtype 7 linecolor rgb '#1f77b4' title 'docker filter=default', \
     'overhead-counter-cpu-migrations-sweep.dat' index 46 using 1:2:3:4 with yerrorlines linewidth 2 pointtype 7 linecolor rgb '#1f77b4' title 'docker filter=none', \
     'overhead-counter-cpu-migrations-sweep.dat' index 47 using 1:2:3:4 with yerrorlines linewidth 2 pointtype 7 linecolor rgb '#1f77b4' title 'docker storage=bind', \
     'overhead-counter-cpu-migrations-sweep.dat' index 48 using 1:2:3:4 with yerrorlines linewidth 2 pointtype 7 linecolor rgb '#d62728' title 'docker-cbench', \
     'overhead-counter-cpu-migrations-sweep.dat' index 49 using 1:2:3:4 with yerrorlines linewidth 2 pointtype 7 linecolor rgb '#d62728' title 'docker-cbench filter=default', \
     'overhead-counter-cpu-migrations-sweep.dat' index 50 using 1:2:3:4 with yerrorlines linewidth 2 pointtype 7 linecolor rgb '#d62728' title 'docker-cbench filter=none', \
     'overhead-counter-cpu-migrations-sweep.dat' index 51 using 1:2:3:4 with yerrorlines linewidth 2 pointtype 7 linecolor rgb '#d62728' title 'docker-cbench storage=bind', \
     'overhead-counter-cpu-migrations-sweep.dat' index 52 using 1:2:3:4 with yerrorlines linewidth 2 pointtype 7 linecolor rgb '#9467bd' title 'host', \
     'overhead-counter-cpu-migrations-sweep.dat' index 53 using 1:2:3:4 with yerrorlines linewidth 2 pointtype 7 linecolor rgb '#9467bd' title 'host filter=default', \
     'overhead-counter-cpu-migrations-sweep.dat' index 54 using 1:2:3:4 with yerrorlines linewidth 2 pointtype 7 linecolor rgb '#9467bd' title 'host filter=none', \
     'overhead-counter-cpu-migrations-sweep.dat' index 55 using 1:2:3:4 with yerrorlines linewidth 2 pointtype 7 linecolor rgb '#9467bd' title 'host storage=bind'
set terminal pngcairo size 800,480 noenhanced font 'sans,10' background '#ffffff'
set output 'overhead-counter-cpu-migrations-sweep.png'
replot
unset output
