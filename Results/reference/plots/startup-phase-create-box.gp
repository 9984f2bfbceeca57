# Written by cbench; run with: gnuplot startup-phase-create-box.gp
set terminal svg size 800,480 noenhanced font 'sans,11' background '#ffffff'
set output 'startup-phase-create-box.svg'
set title 'startup: phase:create, by target'
set xlabel 'target'
set ylabel 'phase:create (ms)'
set grid
set key outside right top
set logscale y
set style fill solid 0.3 border -1
set style boxplot outliers pointtype 7
set style data boxplot
set boxwidth 0.5
set xtics ('cbench-oci' 1, 'cbench-oci-lib' 2, 'crun' 3, 'runc' 4, 'cbench-app-lib' 5) scale 0 rotate by 30 right
set bmargin 7
set xrange [0.5:5.5]
unset key
plot 'startup-phase-create-box.dat' index 0 using (1):1 linecolor rgb '#d62728', \
     'startup-phase-create-box.dat' index 1 using (2):1 linecolor rgb '#2ca02c', \
     'startup-phase-create-box.dat' index 2 using (3):1 linecolor rgb '#ff7f0e', \
     'startup-phase-create-box.dat' index 3 using (4):1 linecolor rgb '#9467bd', \
     'startup-phase-create-box.dat' index 4 using (5):1 linecolor rgb '#17becf'
set terminal pngcairo size 800,480 noenhanced font 'sans,10' background '#ffffff'
set output 'startup-phase-create-box.png'
replot
unset output
