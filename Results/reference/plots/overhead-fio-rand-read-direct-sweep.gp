# Written by cbench; run with: gnuplot overhead-fio-rand-read-direct-sweep.gp
set terminal svg size 800,480 noenhanced font 'sans,11' background '#ffffff'
set output 'overhead-fio-rand-read-direct-sweep.svg'
set title 'overhead: fio rand-read-direct over storage (median, 95% CI)'
set xlabel 'storage'
set ylabel 'fio rand-read-direct (MiB/s)'
set grid
set key outside right top
set offsets graph 0.03, graph 0.03, 0, 0
set xtics ('bind' 1)
set xrange [0.5:1.5]
plot 'overhead-fio-rand-read-direct-sweep.dat' index 0 using 1:2:3:4 with yerrorlines linewidth 2 pointtype 7 linecolor rgb '#d62728' title 'cbench-oci workload=fio', \
     'overhead-fio-rand-read-direct-sweep.dat' index 1 using 1:2:3:4 with yerrorlines linewidth 2 pointtype 7 linecolor rgb '#2ca02c' title 'cbench-oci-lib workload=fio', \
     'overhead-fio-rand-read-direct-sweep.dat' index 2 using 1:2:3:4 with yerrorlines linewidth 2 pointtype 7 linecolor rgb '#ff7f0e' title 'crun workload=fio', \
     'overhead-fio-rand-read-direct-sweep.dat' index 3 using 1:2:3:4 with yerrorlines linewidth 2 pointtype 7 linecolor rgb '#9467bd' title 'runc workload=fio', \
     'overhead-fio-rand-read-direct-sweep.dat' index 4 using 1:2:3:4 with yerrorlines linewidth 2 pointtype 7 linecolor rgb '#8c564b' title 'cbench-system workload=fio', \
     'overhead-fio-rand-read-direct-sweep.dat' index 5 using 1:2:3:4 with yerrorlines linewidth 2 pointtype 7 linecolor rgb '#e377c2' title 'cbench-app workload=fio', \
     'overhead-fio-rand-read-direct-sweep.dat' index 6 using 1:2:3:4 with yerrorlines linewidth 2 pointtype 7 linecolor rgb '#17becf' title 'cbench-app-lib workload=fio', \
     'overhead-fio-rand-read-direct-sweep.dat' index 7 using 1:2:3:4 with yerrorlines linewidth 2 pointtype 7 linecolor rgb '#bcbd22' title 'lxc workload=fio', \
     'overhead-fio-rand-read-direct-sweep.dat' index 8 using 1:2:3:4 with yerrorlines linewidth 2 pointtype 7 linecolor rgb '#7f7f7f' title 'podman-crun workload=fio', \
     'overhead-fio-rand-read-direct-sweep.dat' index 9 using 1:2:3:4 with yerrorlines linewidth 2 pointtype 7 linecolor rgb '#393b79' title 'podman-runc workload=fio', \
     'overhead-fio-rand-read-direct-sweep.dat' index 10 using 1:2:3:4 with yerrorlines linewidth 2 pointtype 7 linecolor rgb '#637939' title 'podman-cbench workload=fio', \
     'overhead-fio-rand-read-direct-sweep.dat' index 11 using 1:2:3:4 with yerrorlines linewidth 2 pointtype 7 linecolor rgb '#1f77b4' title 'docker workload=fio', \
     'overhead-fio-rand-read-direct-sweep.dat' index 12 using 1:2:3:4 with yerrorlines linewidth 2 pointtype 7 linecolor rgb '#d62728' title 'docker-cbench workload=fio', \
     'overhead-fio-rand-read-direct-sweep.dat' index 13 using 1:2:3:4 with yerrorlines linewidth 2 pointtype 7 linecolor rgb '#9467bd' title 'host workload=fio'
set terminal pngcairo size 800,480 noenhanced font 'sans,10' background '#ffffff'
set output 'overhead-fio-rand-read-direct-sweep.png'
replot
unset output
