# Written by cbench; run with: gnuplot density-quick-parallel-start-sweep.gp
set terminal svg size 800,480 noenhanced font 'sans,11' background '#ffffff'
set output 'density-quick-parallel-start-sweep.svg'
set title 'density-quick: parallel-start over workers (median, 95% CI)'
set xlabel 'workers'
set ylabel 'parallel-start (ms)'
set grid
set key outside right top
set logscale y
set offsets graph 0.03, graph 0.03, 0, 0
plot 'density-quick-parallel-start-sweep.dat' index 0 using 1:2:3:4 with yerrorlines linewidth 2 pointtype 7 linecolor rgb '#d62728' title 'cbench-oci', \
     'density-quick-parallel-start-sweep.dat' index 1 using 1:2:3:4 with yerrorlines linewidth 2 pointtype 7 linecolor rgb '#ff7f0e' title 'crun', \
     'density-quick-parallel-start-sweep.dat' index 2 using 1:2:3:4 with yerrorlines linewidth 2 pointtype 7 linecolor rgb '#9467bd' title 'runc', \
     'density-quick-parallel-start-sweep.dat' index 3 using 1:2:3:4 with yerrorlines linewidth 2 pointtype 7 linecolor rgb '#e377c2' title 'cbench-app', \
     'density-quick-parallel-start-sweep.dat' index 4 using 1:2:3:4 with yerrorlines linewidth 2 pointtype 7 linecolor rgb '#7f7f7f' title 'podman-crun', \
     'density-quick-parallel-start-sweep.dat' index 5 using 1:2:3:4 with yerrorlines linewidth 2 pointtype 7 linecolor rgb '#393b79' title 'podman-runc', \
     'density-quick-parallel-start-sweep.dat' index 6 using 1:2:3:4 with yerrorlines linewidth 2 pointtype 7 linecolor rgb '#637939' title 'podman-cbench', \
     'density-quick-parallel-start-sweep.dat' index 7 using 1:2:3:4 with yerrorlines linewidth 2 pointtype 7 linecolor rgb '#1f77b4' title 'docker', \
     'density-quick-parallel-start-sweep.dat' index 8 using 1:2:3:4 with yerrorlines linewidth 2 pointtype 7 linecolor rgb '#d62728' title 'docker-cbench'
set terminal pngcairo size 800,480 noenhanced font 'sans,10' background '#ffffff'
set output 'density-quick-parallel-start-sweep.png'
replot
unset output
