# Written by cbench; run with: gnuplot oci-startup-create-to-exit-box.gp
set terminal svg size 800,480 noenhanced font 'sans,11' background '#ffffff'
set output 'oci-startup-create-to-exit-box.svg'
set title 'oci-startup: create-to-exit, by target'
set xlabel 'target'
set ylabel 'create-to-exit (ms)'
set grid
set key outside right top
set logscale y
set style fill solid 0.3 border -1
set style boxplot outliers pointtype 7
set style data boxplot
set boxwidth 0.5
set xtics ('cbench-oci' 1, 'crun' 2, 'runc' 3, 'unshare' 4) scale 0 rotate by 30 right
set bmargin 7
set xrange [0.5:4.5]
unset key
plot 'oci-startup-create-to-exit-box.dat' index 0 using (1):1 linecolor rgb '#d62728', \
     'oci-startup-create-to-exit-box.dat' index 1 using (2):1 linecolor rgb '#ff7f0e', \
     'oci-startup-create-to-exit-box.dat' index 2 using (3):1 linecolor rgb '#9467bd', \
     'oci-startup-create-to-exit-box.dat' index 3 using (4):1 linecolor rgb '#ff7f0e'
set terminal pngcairo size 800,480 noenhanced font 'sans,10' background '#ffffff'
set output 'oci-startup-create-to-exit-box.png'
replot
unset output
