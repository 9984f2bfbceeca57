# Written by cbench; run with: gnuplot density-system-quick-teardown-box.gp
set terminal svg size 800,480 noenhanced font 'sans,11' background '#ffffff'
set output 'density-system-quick-teardown-box.svg'
set title 'density-system-quick: teardown, by target'
set xlabel 'target'
set ylabel 'teardown (ms)'
set grid
set key outside right top
set style fill solid 0.3 border -1
set style boxplot outliers pointtype 7
set style data boxplot
set boxwidth 0.5
set xtics ('cbench-system' 1, 'lxc' 2) scale 0 rotate by 30 right
set bmargin 7
set xrange [0.5:2.5]
unset key
plot 'density-system-quick-teardown-box.dat' index 0 using (1):1 linecolor rgb '#8c564b', \
     'density-system-quick-teardown-box.dat' index 1 using (2):1 linecolor rgb '#bcbd22'
set terminal pngcairo size 800,480 noenhanced font 'sans,10' background '#ffffff'
set output 'density-system-quick-teardown-box.png'
replot
unset output
