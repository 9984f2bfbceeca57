# Written by cbench; run with: gnuplot density-quick-start-box.gp
set terminal svg size 800,480 noenhanced font 'sans,11' background '#ffffff'
set output 'density-quick-start-box.svg'
set title 'density-quick: start, by target'
set xlabel 'target'
set ylabel 'start (ms)'
set grid
set key outside right top
set logscale y
set style fill solid 0.3 border -1
set style boxplot outliers pointtype 7
set style data boxplot
set boxwidth 0.5
set xtics ('cbench-oci' 1, 'crun' 2, 'runc' 3, 'cbench-app' 4, 'podman-crun' 5, 'podman-runc' 6, 'podman-cbench' 7, 'docker' 8, 'docker-cbench' 9) scale 0 rotate by 30 right
set bmargin 7
set xrange [0.5:9.5]
unset key
plot 'density-quick-start-box.dat' index 0 using (1):1 linecolor rgb '#d62728', \
     'density-quick-start-box.dat' index 1 using (2):1 linecolor rgb '#ff7f0e', \
     'density-quick-start-box.dat' index 2 using (3):1 linecolor rgb '#9467bd', \
     'density-quick-start-box.dat' index 3 using (4):1 linecolor rgb '#e377c2', \
     'density-quick-start-box.dat' index 4 using (5):1 linecolor rgb '#7f7f7f', \
     'density-quick-start-box.dat' index 5 using (6):1 linecolor rgb '#393b79', \
     'density-quick-start-box.dat' index 6 using (7):1 linecolor rgb '#637939', \
     'density-quick-start-box.dat' index 7 using (8):1 linecolor rgb '#1f77b4', \
     'density-quick-start-box.dat' index 8 using (9):1 linecolor rgb '#d62728'
set terminal pngcairo size 800,480 noenhanced font 'sans,10' background '#ffffff'
set output 'density-quick-start-box.png'
replot
unset output
