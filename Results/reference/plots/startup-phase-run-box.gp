# Written by cbench; run with: gnuplot startup-phase-run-box.gp
set terminal svg size 800,480 noenhanced font 'sans,11' background '#ffffff'
set output 'startup-phase-run-box.svg'
set title 'startup: phase:run, by target'
set xlabel 'target'
set ylabel 'phase:run (ms)'
set grid
set key outside right top
set logscale y
set style fill solid 0.3 border -1
set style boxplot outliers pointtype 7
set style data boxplot
set boxwidth 0.5
set xtics ('cbench-app' 1, 'lxc' 2, 'podman-crun' 3, 'podman-runc' 4, 'podman-cbench' 5, 'docker' 6, 'docker-cbench' 7) scale 0 rotate by 30 right
set bmargin 7
set xrange [0.5:7.5]
unset key
plot 'startup-phase-run-box.dat' index 0 using (1):1 linecolor rgb '#e377c2', \
     'startup-phase-run-box.dat' index 1 using (2):1 linecolor rgb '#bcbd22', \
     'startup-phase-run-box.dat' index 2 using (3):1 linecolor rgb '#7f7f7f', \
     'startup-phase-run-box.dat' index 3 using (4):1 linecolor rgb '#393b79', \
     'startup-phase-run-box.dat' index 4 using (5):1 linecolor rgb '#637939', \
     'startup-phase-run-box.dat' index 5 using (6):1 linecolor rgb '#1f77b4', \
     'startup-phase-run-box.dat' index 6 using (7):1 linecolor rgb '#d62728'
set terminal pngcairo size 800,480 noenhanced font 'sans,10' background '#ffffff'
set output 'startup-phase-run-box.png'
replot
unset output
