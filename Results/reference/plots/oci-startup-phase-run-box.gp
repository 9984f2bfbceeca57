# Written by cbench; run with: gnuplot oci-startup-phase-run-box.gp
set terminal svg size 800,480 noenhanced font 'sans,11' background '#ffffff'
set output 'oci-startup-phase-run-box.svg'
set title 'oci-startup: phase:run, by target'
set xlabel 'target'
set ylabel 'phase:run (ms)'
set grid
set key outside right top
set style fill solid 0.3 border -1
set style boxplot outliers pointtype 7
set style data boxplot
set boxwidth 0.5
set xtics ('unshare' 1) scale 0 rotate by 30 right
set bmargin 7
set xrange [0.5:1.5]
unset key
plot 'oci-startup-phase-run-box.dat' index 0 using (1):1 linecolor rgb '#ff7f0e'
set terminal pngcairo size 800,480 noenhanced font 'sans,10' background '#ffffff'
set output 'oci-startup-phase-run-box.png'
replot
unset output
