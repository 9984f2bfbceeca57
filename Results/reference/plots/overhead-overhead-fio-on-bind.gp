# Written by cbench; run with: gnuplot overhead-overhead-fio-on-bind.gp
set terminal svg size 800,480 noenhanced font 'sans,11' background '#ffffff'
set output 'overhead-overhead-fio-on-bind.svg'
set title 'overhead: fio on bind, ratio to the bare host (95% interval)'
set xlabel ''
set ylabel 'target / host'
set grid
set key outside right top
set xtics ('seq-write-buffered' 1, 'seq-write-direct' 2, 'seq-read-buffered' 3, 'seq-read-direct' 4, 'rand-write-buffered' 5, 'rand-write-direct' 6, 'rand-read-buffered' 7, 'rand-read-direct' 8) rotate by -30
set xrange [0.5:8.5]
set arrow from graph 0, first 1 to graph 1, first 1 nohead dashtype 2
plot 'overhead-overhead-fio-on-bind.dat' index 0 using 1:2:3:4 with yerrorbars pointtype 7 pointsize 0.8 linecolor rgb '#1f77b4' title 'cbench-oci', \
     'overhead-overhead-fio-on-bind.dat' index 1 using 1:2:3:4 with yerrorbars pointtype 7 pointsize 0.8 linecolor rgb '#1f77b4' title 'cbench-system', \
     'overhead-overhead-fio-on-bind.dat' index 2 using 1:2:3:4 with yerrorbars pointtype 7 pointsize 0.8 linecolor rgb '#1f77b4' title 'cbench-app', \
     'overhead-overhead-fio-on-bind.dat' index 3 using 1:2:3:4 with yerrorbars pointtype 7 pointsize 0.8 linecolor rgb '#1f77b4' title 'lxc', \
     'overhead-overhead-fio-on-bind.dat' index 4 using 1:2:3:4 with yerrorbars pointtype 7 pointsize 0.8 linecolor rgb '#1f77b4' title 'podman-runc', \
     'overhead-overhead-fio-on-bind.dat' index 5 using 1:2:3:4 with yerrorbars pointtype 7 pointsize 0.8 linecolor rgb '#1f77b4' title 'podman-cbench', \
     'overhead-overhead-fio-on-bind.dat' index 6 using 1:2:3:4 with yerrorbars pointtype 7 pointsize 0.8 linecolor rgb '#1f77b4' title 'crun', \
     'overhead-overhead-fio-on-bind.dat' index 7 using 1:2:3:4 with yerrorbars pointtype 7 pointsize 0.8 linecolor rgb '#1f77b4' title 'cbench-app-lib', \
     'overhead-overhead-fio-on-bind.dat' index 8 using 1:2:3:4 with yerrorbars pointtype 7 pointsize 0.8 linecolor rgb '#1f77b4' title 'cbench-oci-lib', \
     'overhead-overhead-fio-on-bind.dat' index 9 using 1:2:3:4 with yerrorbars pointtype 7 pointsize 0.8 linecolor rgb '#1f77b4' title 'docker-cbench', \
     'overhead-overhead-fio-on-bind.dat' index 10 using 1:2:3:4 with yerrorbars pointtype 7 pointsize 0.8 linecolor rgb '#1f77b4' title 'runc', \
     'overhead-overhead-fio-on-bind.dat' index 11 using 1:2:3:4 with yerrorbars pointtype 7 pointsize 0.8 linecolor rgb '#1f77b4' title 'docker', \
     'overhead-overhead-fio-on-bind.dat' index 12 using 1:2:3:4 with yerrorbars pointtype 7 pointsize 0.8 linecolor rgb '#1f77b4' title 'podman-crun'
set terminal pngcairo size 800,480 noenhanced font 'sans,10' background '#ffffff'
set output 'overhead-overhead-fio-on-bind.png'
replot
unset output
