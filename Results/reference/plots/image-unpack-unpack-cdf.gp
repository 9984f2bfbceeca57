# Written by cbench; run with: gnuplot image-unpack-unpack-cdf.gp
set terminal svg size 800,480 noenhanced font 'sans,11' background '#ffffff'
set output 'image-unpack-unpack-cdf.svg'
set title 'image-unpack: unpack, CDF'
set xlabel 'unpack (ms)'
set ylabel 'fraction of samples'
set grid
set key outside right top
set yrange [0:1]
plot 'image-unpack-unpack-cdf.dat' index 0 using 1:2 with steps linewidth 2 linecolor rgb '#e377c2' title 'cbench-app', \
     'image-unpack-unpack-cdf.dat' index 1 using 1:2 with steps linewidth 2 linecolor rgb '#17becf' title 'cbench-app-lib', \
     'image-unpack-unpack-cdf.dat' index 2 using 1:2 with steps linewidth 2 linecolor rgb '#2ca02c' title 'umoci'
set terminal pngcairo size 800,480 noenhanced font 'sans,10' background '#ffffff'
set output 'image-unpack-unpack-cdf.png'
replot
unset output
