# Written by cbench; run with: gnuplot image-unpack-unpack-box.gp
set terminal svg size 800,480 noenhanced font 'sans,11' background '#ffffff'
set output 'image-unpack-unpack-box.svg'
set title 'image-unpack: unpack, by target'
set xlabel 'target'
set ylabel 'unpack (ms)'
set grid
set key outside right top
set style fill solid 0.3 border -1
set style boxplot outliers pointtype 7
set style data boxplot
set boxwidth 0.5
set xtics ('cbench-app' 1, 'cbench-app-lib' 2, 'umoci' 3) scale 0 rotate by 30 right
set bmargin 7
set xrange [0.5:3.5]
unset key
plot 'image-unpack-unpack-box.dat' index 0 using (1):1 linecolor rgb '#e377c2', \
     'image-unpack-unpack-box.dat' index 1 using (2):1 linecolor rgb '#17becf', \
     'image-unpack-unpack-box.dat' index 2 using (3):1 linecolor rgb '#2ca02c'
set terminal pngcairo size 800,480 noenhanced font 'sans,10' background '#ffffff'
set output 'image-unpack-unpack-box.png'
replot
unset output
