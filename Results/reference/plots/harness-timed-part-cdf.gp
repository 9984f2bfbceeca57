# Written by cbench; run with: gnuplot harness-timed-part-cdf.gp
set terminal svg size 800,480 noenhanced font 'sans,11' background '#ffffff'
set output 'harness-timed-part-cdf.svg'
set title 'harness: timed-part, CDF'
set xlabel 'timed-part (ms)'
set ylabel 'fraction of samples'
set grid
set key outside right top
set yrange [0:1]
plot 'harness-timed-part-cdf.dat' index 0 using 1:2 with steps linewidth 2 linecolor rgb '#1f77b4' title 'noop'
set terminal pngcairo size 800,480 noenhanced font 'sans,10' background '#ffffff'
set output 'harness-timed-part-cdf.png'
replot
unset output
