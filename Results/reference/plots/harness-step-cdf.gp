# Written by cbench; run with: gnuplot harness-step-cdf.gp
set terminal svg size 800,480 noenhanced font 'sans,11' background '#ffffff'
set output 'harness-step-cdf.svg'
set title 'harness: step, CDF'
set xlabel 'step (ms)'
set ylabel 'fraction of samples'
set grid
set key outside right top
set yrange [0:1]
plot 'harness-step-cdf.dat' index 0 using 1:2 with steps linewidth 2 linecolor rgb '#1f77b4' title 'noop'
set terminal pngcairo size 800,480 noenhanced font 'sans,10' background '#ffffff'
set output 'harness-step-cdf.png'
replot
unset output
