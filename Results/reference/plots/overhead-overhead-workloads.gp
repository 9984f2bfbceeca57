# Written by cbench; run with: gnuplot overhead-overhead-workloads.gp
set terminal svg size 800,480 noenhanced font 'sans,11' background '#ffffff'
set output 'overhead-overhead-workloads.svg'
set title 'overhead: workloads, ratio to the bare host (95% interval)'
set xlabel ''
set ylabel 'target / host'
set grid
set key outside right top
set xtics ('cpu' 1, 'syscall getpid (default filter)' 2, 'syscall stat (default filter)' 3, 'syscall personality (default filter)' 4, 'syscall getpid (none filter)' 5, 'syscall stat (none filter)' 6, 'syscall personality (none filter)' 7, 'memory copy' 8, 'page fault' 9, 'page fault, first touch' 10, 'fork+exec' 11) rotate by -30
set xrange [0.5:11.5]
set arrow from graph 0, first 1 to graph 1, first 1 nohead dashtype 2
plot 'overhead-overhead-workloads.dat' index 0 using 1:2:3:4 with yerrorbars pointtype 7 pointsize 0.8 linecolor rgb '#1f77b4' title 'cbench-oci', \
     'overhead-overhead-workloads.dat' index 1 using 1:2:3:4 with yerrorbars pointtype 7 pointsize 0.8 linecolor rgb '#1f77b4' title 'cbench-system', \
     'overhead-overhead-workloads.dat' index 2 using 1:2:3:4 with yerrorbars pointtype 7 pointsize 0.8 linecolor rgb '#1f77b4' title 'cbench-app', \
     'overhead-overhead-workloads.dat' index 3 using 1:2:3:4 with yerrorbars pointtype 7 pointsize 0.8 linecolor rgb '#1f77b4' title 'lxc', \
     'overhead-overhead-workloads.dat' index 4 using 1:2:3:4 with yerrorbars pointtype 7 pointsize 0.8 linecolor rgb '#1f77b4' title 'podman-runc', \
     'overhead-overhead-workloads.dat' index 5 using 1:2:3:4 with yerrorbars pointtype 7 pointsize 0.8 linecolor rgb '#1f77b4' title 'podman-cbench', \
     'overhead-overhead-workloads.dat' index 6 using 1:2:3:4 with yerrorbars pointtype 7 pointsize 0.8 linecolor rgb '#1f77b4' title 'crun', \
     'overhead-overhead-workloads.dat' index 7 using 1:2:3:4 with yerrorbars pointtype 7 pointsize 0.8 linecolor rgb '#1f77b4' title 'cbench-app-lib', \
     'overhead-overhead-workloads.dat' index 8 using 1:2:3:4 with yerrorbars pointtype 7 pointsize 0.8 linecolor rgb '#1f77b4' title 'cbench-oci-lib', \
     'overhead-overhead-workloads.dat' index 9 using 1:2:3:4 with yerrorbars pointtype 7 pointsize 0.8 linecolor rgb '#1f77b4' title 'docker-cbench', \
     'overhead-overhead-workloads.dat' index 10 using 1:2:3:4 with yerrorbars pointtype 7 pointsize 0.8 linecolor rgb '#1f77b4' title 'runc', \
     'overhead-overhead-workloads.dat' index 11 using 1:2:3:4 with yerrorbars pointtype 7 pointsize 0.8 linecolor rgb '#1f77b4' title 'docker', \
     'overhead-overhead-workloads.dat' index 12 using 1:2:3:4 with yerrorbars pointtype 7 pointsize 0.8 linecolor rgb '#1f77b4' title 'podman-crun'
set terminal pngcairo size 800,480 noenhanced font 'sans,10' background '#ffffff'
set output 'overhead-overhead-workloads.png'
replot
unset output
