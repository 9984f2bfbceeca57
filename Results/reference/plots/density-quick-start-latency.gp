# Written by cbench; run with: gnuplot density-quick-start-latency.gp
set terminal svg size 800,480 noenhanced font 'sans,11' background '#ffffff'
set output 'density-quick-start-latency.svg'
set title 'density-quick: start latency against containers running (p50 and p90 per bucket)'
set xlabel 'containers running'
set ylabel 'start latency (ms)'
set grid
set key outside right top
set logscale x
set offsets graph 0.03, graph 0.03, 0, 0
plot 'density-quick-start-latency.dat' index 0 using 1:2 with linespoints linewidth 2 pointtype 7 linecolor rgb '#1f77b4' title 'cbench-oci p50', \
     'density-quick-start-latency.dat' index 1 using 1:2 with linespoints linewidth 2 pointtype 7 linecolor rgb '#1f77b4' title 'cbench-oci p90', \
     'density-quick-start-latency.dat' index 2 using 1:2 with linespoints linewidth 2 pointtype 7 linecolor rgb '#1f77b4' title 'crun p50', \
     'density-quick-start-latency.dat' index 3 using 1:2 with linespoints linewidth 2 pointtype 7 linecolor rgb '#1f77b4' title 'crun p90', \
     'density-quick-start-latency.dat' index 4 using 1:2 with linespoints linewidth 2 pointtype 7 linecolor rgb '#1f77b4' title 'runc p50', \
     'density-quick-start-latency.dat' index 5 using 1:2 with linespoints linewidth 2 pointtype 7 linecolor rgb '#1f77b4' title 'runc p90', \
     'density-quick-start-latency.dat' index 6 using 1:2 with linespoints linewidth 2 pointtype 7 linecolor rgb '#1f77b4' title 'cbench-app p50', \
     'density-quick-start-latency.dat' index 7 using 1:2 with linespoints linewidth 2 pointtype 7 linecolor rgb '#1f77b4' title 'cbench-app p90', \
     'density-quick-start-latency.dat' index 8 using 1:2 with linespoints linewidth 2 pointtype 7 linecolor rgb '#1f77b4' title 'podman-crun p50', \
     'density-quick-start-latency.dat' index 9 using 1:2 with linespoints linewidth 2 pointtype 7 linecolor rgb '#1f77b4' title 'podman-crun p90', \
     'density-quick-start-latency.dat' index 10 using 1:2 with linespoints linewidth 2 pointtype 7 linecolor rgb '#1f77b4' title 'podman-runc p50', \
     'density-quick-start-latency.dat' index 11 using 1:2 with linespoints linewidth 2 pointtype 7 linecolor rgb '#1f77b4' title 'podman-runc p90', \
     'density-quick-start-latency.dat' index 12 using 1:2 with linespoints linewidth 2 pointtype 7 linecolor rgb '#1f77b4' title 'podman-cbench p50', \
     'density-quick-start-latency.dat' index 13 using 1:2 with linespoints linewidth 2 pointtype 7 linecolor rgb '#1f77b4' title 'podman-cbench p90', \
     'density-quick-start-latency.dat' index 14 using 1:2 with linespoints linewidth 2 pointtype 7 linecolor rgb '#1f77b4' title 'docker p50', \
     'density-quick-start-latency.dat' index 15 using 1:2 with linespoints linewidth 2 pointtype 7 linecolor rgb '#1f77b4' title 'docker p90', \
     'density-quick-start-latency.dat' index 16 using 1:2 with linespoints linewidth 2 pointtype 7 linecolor rgb '#1f77b4' title 'docker-cbench p50', \
     'density-quick-start-latency.dat' index 17 using 1:2 with linespoints linewidth 2 pointtype 7 linecolor rgb '#1f77b4' title 'docker-cbench p90'
set terminal pngcairo size 800,480 noenhanced font 'sans,10' background '#ffffff'
set output 'density-quick-start-latency.png'
replot
unset output
