# Written by cbench; run with: gnuplot density-quick-memory.gp
set terminal svg size 800,480 noenhanced font 'sans,11' background '#ffffff'
set output 'density-quick-memory.svg'
set title 'density-quick: MemAvailable drop per container'
set xlabel 'containers running'
set ylabel 'MB per container'
set grid
set key outside right top
set logscale x
set offsets graph 0.03, graph 0.03, 0, 0
plot 'density-quick-memory.dat' index 0 using 1:2 with linespoints linewidth 2 pointtype 7 linecolor rgb '#1f77b4' title 'cbench-oci', \
     'density-quick-memory.dat' index 1 using 1:2 with linespoints linewidth 2 pointtype 7 linecolor rgb '#1f77b4' title 'crun', \
     'density-quick-memory.dat' index 2 using 1:2 with linespoints linewidth 2 pointtype 7 linecolor rgb '#1f77b4' title 'runc', \
     'density-quick-memory.dat' index 3 using 1:2 with linespoints linewidth 2 pointtype 7 linecolor rgb '#1f77b4' title 'cbench-app', \
     'density-quick-memory.dat' index 4 using 1:2 with linespoints linewidth 2 pointtype 7 linecolor rgb '#1f77b4' title 'podman-crun', \
     'density-quick-memory.dat' index 5 using 1:2 with linespoints linewidth 2 pointtype 7 linecolor rgb '#1f77b4' title 'podman-runc', \
     'density-quick-memory.dat' index 6 using 1:2 with linespoints linewidth 2 pointtype 7 linecolor rgb '#1f77b4' title 'podman-cbench', \
     'density-quick-memory.dat' index 7 using 1:2 with linespoints linewidth 2 pointtype 7 linecolor rgb '#1f77b4' title 'docker', \
     'density-quick-memory.dat' index 8 using 1:2 with linespoints linewidth 2 pointtype 7 linecolor rgb '#1f77b4' title 'docker-cbench'
set terminal pngcairo size 800,480 noenhanced font 'sans,10' background '#ffffff'
set output 'density-quick-memory.png'
replot
unset output
