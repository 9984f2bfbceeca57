# Written by cbench; run with: gnuplot startup-cgroup-memory-peak-box.gp
set terminal svg size 800,480 noenhanced font 'sans,11' background '#ffffff'
set output 'startup-cgroup-memory-peak-box.svg'
set title 'startup: cgroup-memory-peak, by target'
set xlabel 'target'
set ylabel 'cgroup-memory-peak (MB)'
set grid
set key outside right top
set logscale y
set style fill solid 0.3 border -1
set style boxplot outliers pointtype 7
set style data boxplot
set boxwidth 0.5
set xtics ('cbench-oci' 1, 'cbench-oci-lib' 2, 'crun' 3, 'runc' 4, 'cbench-app-lib' 5, 'lxc' 6, 'podman-crun' 7, 'podman-runc' 8, 'podman-cbench' 9, 'docker' 10, 'docker-cbench' 11) scale 0 rotate by 30 right
set bmargin 7
set xrange [0.5:11.5]
unset key
plot 'startup-cgroup-memory-peak-box.dat' index 0 using (1):1 linecolor rgb '#d62728', \
     'startup-cgroup-memory-peak-box.dat' index 1 using (2):1 linecolor rgb '#2ca02c', \
     'startup-cgroup-memory-peak-box.dat' index 2 using (3):1 linecolor rgb '#ff7f0e', \
     'startup-cgroup-memory-peak-box.dat' index 3 using (4):1 linecolor rgb '#9467bd', \
     'startup-cgroup-memory-peak-box.dat' index 4 using (5):1 linecolor rgb '#17becf', \
     'startup-cgroup-memory-peak-box.dat' index 5 using (6):1 linecolor rgb '#bcbd22', \
     'startup-cgroup-memory-peak-box.dat' index 6 using (7):1 linecolor rgb '#7f7f7f', \
     'startup-cgroup-memory-peak-box.dat' index 7 using (8):1 linecolor rgb '#393b79', \
     'startup-cgroup-memory-peak-box.dat' index 8 using (9):1 linecolor rgb '#637939', \
     'startup-cgroup-memory-peak-box.dat' index 9 using (10):1 linecolor rgb '#1f77b4', \
     'startup-cgroup-memory-peak-box.dat' index 10 using (11):1 linecolor rgb '#d62728'
set terminal pngcairo size 800,480 noenhanced font 'sans,10' background '#ffffff'
set output 'startup-cgroup-memory-peak-box.png'
replot
unset output
