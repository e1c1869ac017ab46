#!/usr/bin/env bash
# Plots a load-driver run: latency percentiles per route and bridge RSS over time.
#   bench/load.sh --seconds 60 --out docs/load/run.md && bench/plot.sh docs/load/run.md
#   bench/plot.sh --rss tests/WheelStrat.EndToEnd/bin/Release/net10.0/artifacts/soak-rss.csv   (RSS over a fault soak)
# Needs gnuplot (Debian: apt-get install gnuplot-nox). Writes run.latency.png and run.rss.png beside the input.
set -euo pipefail
in="${1:?usage: bench/plot.sh RUN.md}"
base="${in%.md}"
command -v gnuplot >/dev/null || { echo "gnuplot missing: apt-get install gnuplot-nox" >&2; exit 1; }

# RSS samples (CSV: seconds,rss_mb with a header row) as a line over time.
plot_rss() {
  gnuplot <<PLOT
set terminal pngcairo size 1000,400 font ",10"
set output "$2"
set title "$3"
set datafile separator ","
set xlabel "seconds"
set ylabel "MB"
set yrange [0:*]
set grid
plot "$1" every ::1 using 1:2 with lines title "RSS (MB)"
PLOT
}

if [[ "$in" == --rss ]]; then
  # bench/plot.sh --rss SAMPLES.csv: the fault soak writes artifacts/soak-rss.csv beside its test assembly.
  csv="${2:?usage: bench/plot.sh --rss SAMPLES.csv}"
  plot_rss "$csv" "${csv%.csv}.png" "Bridge RSS over the fault soak"
  echo "wrote ${csv%.csv}.png"
  exit 0
fi
# Rows of the markdown table: | route | requests | req/s | p50 | p90 | p99 | max | ...
grep -E '^\| [a-z-]+ \| [0-9]+' "$in" | awk -F'|' '{gsub(/ /,"",$2); print $2, $5, $6, $7}' > "$base.latency.dat"
gnuplot <<PLOT
set terminal pngcairo size 1000,500 font ",10"
set output "$base.latency.png"
set title "Latency per route (ms) — $(head -n1 "$in" | sed 's/"//g')"
set style data histograms
set style histogram clustered gap 1
set style fill solid 0.8 border -1
set ylabel "ms"
set xtics rotate by -30
set key top left
plot "$base.latency.dat" using 2:xtic(1) title "p50", "" using 3 title "p90", "" using 4 title "p99"
PLOT
plot_rss "$base.rss.csv" "$base.rss.png" "Bridge RSS during the run"
rm "$base.latency.dat"
echo "wrote $base.latency.png and $base.rss.png"
