# Written by cbench; run with: gnuplot startup-create-to-exit-box.gp
set terminal svg size 800,480 noenhanced font 'sans,11' background '#ffffff'
set output 'startup-create-to-exit-box.svg'
set title 'startup: create-to-exit, by target'
set xlabel 'target'
set ylabel 'create-to-exit (ms)'
set grid
set key outside right top
set logscale y
set style fill solid 0.3 border -1
set style boxplot outliers pointtype 7
set style data boxplot
set boxwidth 0.5
set xtics ('cbench-oci' 1, 'cbench-oci-lib' 2, 'crun' 3, 'runc' 4, 'cbench-app' 5, 'cbench-app-lib' 6, 'lxc' 7, 'podman-crun' 8, 'podman-runc' 9, 'podman-cbench' 10, 'docker' 11, 'docker-cbench' 12) scale 0 rotate by 30 right
set bmargin 7
set xrange [0.5:12.5]
unset key
plot 'startup-create-to-exit-box.dat' index 0 using (1):1 linecolor rgb '#d62728', \
     'startup-create-to-exit-box.dat' index 1 using (2):1 linecolor rgb '#2ca02c', \
     'startup-create-to-exit-box.dat' index 2 using (3):1 linecolor rgb '#ff7f0e', \
     'startup-create-to-exit-box.dat' index 3 using (4):1 linecolor rgb '#9467bd', \
     'startup-create-to-exit-box.dat' index 4 using (5):1 linecolor rgb '#e377c2', \
     'startup-create-to-exit-box.dat' index 5 using (6):1 linecolor rgb '#17becf', \
     'startup-create-to-exit-box.dat' index 6 using (7):1 linecolor rgb '#bcbd22', \
     'startup-create-to-exit-box.dat' index 7 using (8):1 linecolor rgb '#7f7f7f', \
     'startup-create-to-exit-box.dat' index 8 using (9):1 linecolor rgb '#393b79', \
     'startup-create-to-exit-box.dat' index 9 using (10):1 linecolor rgb '#637939', \
     'startup-create-to-exit-box.dat' index 10 using (11):1 linecolor rgb '#1f77b4', \
     'startup-create-to-exit-box.dat' index 11 using (12):1 linecolor rgb '#d62728'
set terminal pngcairo size 800,480 noenhanced font 'sans,10' background '#ffffff'
set output 'startup-create-to-exit-box.png'
replot
unset output
