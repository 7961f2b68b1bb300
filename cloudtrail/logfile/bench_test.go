package logfile_test

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aigov/aigov/cloudtrail"
	"github.com/aigov/aigov/cloudtrail/logfile"
	"github.com/aigov/aigov/internal/sharedtest"
)

// The benchmarks replicate the shared real records into a tree of gzipped
// log files in CloudTrail's layout, benchGzipMB megabytes of them, in a
// temporary folder built once per run and removed afterwards. Measure with
//
//	go test -run '^$' -bench . -benchtime 3x ./cloudtrail/logfile/
//
// and for a 1 GiB tree (the flag goes after the package):
//
//	go test -run '^$' -bench 'Events/workers=2' -benchtime 1x ./cloudtrail/logfile/ -logfile.bench-mb=1024
//
// The figures to quote come from BenchmarkRatio:
//
//	go test -run '^$' -bench Ratio -benchtime 7x ./cloudtrail/logfile/
var benchGzipMB = flag.Int("logfile.bench-mb", 256, "size in MB of the gzipped tree the benchmarks build")

var bench struct {
	once   sync.Once
	dir    string
	files  []string
	plain  int64 // decompressed bytes in the tree
	events int
	err    error
}

func TestMain(m *testing.M) {
	flag.Parse()
	code := m.Run()
	if bench.dir != "" {
		os.RemoveAll(bench.dir)
	}
	os.Exit(code)
}

// benchTree builds the tree: 16 distinct log files of about 4 MB each
// (records of all four shared folders, in turn), each copied as many times as
// the size asks, under names spread over days and regions.
func benchTree(b *testing.B) {
	b.Helper()
	shared := sharedtest.Dir(b, "testdata/cloudtrail")
	bench.once.Do(func() { bench.err = buildTree(shared) })
	if bench.err != nil {
		b.Fatal(bench.err)
	}
}

func buildTree(shared string) error {
	var records [][]byte
	err := filepath.WalkDir(shared, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.Contains(d.Name(), ".json") {
			return err
		}
		f, err := os.Open(p)
		if err != nil {
			return err
		}
		defer f.Close()
		for ev, err := range cloudtrail.NewDecoder(f).Events() {
			if err != nil {
				return err
			}
			records = append(records, ev.Raw)
		}
		return nil
	})
	if err != nil {
		return err
	}
	dir, err := os.MkdirTemp("", "logfile-bench-")
	if err != nil {
		return err
	}
	bench.dir = dir
	type distinct struct {
		gz     []byte
		plain  int
		events int
	}
	var files []distinct
	next := 0
	for range 16 {
		var plain bytes.Buffer
		plain.WriteString(`{"Records":[`)
		n := 0
		for ; plain.Len() < 4<<20; n++ {
			if n > 0 {
				plain.WriteByte(',')
			}
			plain.Write(records[next%len(records)])
			next++
		}
		plain.WriteString("]}")
		var gz bytes.Buffer
		zw := gzip.NewWriter(&gz)
		zw.Write(plain.Bytes())
		zw.Close()
		files = append(files, distinct{gz: gz.Bytes(), plain: plain.Len(), events: n})
	}
	regions := []string{"eu-west-1", "us-east-1", "us-west-2"}
	var written int64
	for i := 0; written < int64(*benchGzipMB)<<20; i++ {
		src := files[i%len(files)]
		region := regions[i%len(regions)]
		day := 1 + i/len(regions)/96%28
		stamp := fmt.Sprintf("202501%02dT%02d%02dZ", day, i/len(regions)%96/4, i/len(regions)%4*15)
		key := logKey("111122223333", region, stamp, strconv.Itoa(i))
		p := filepath.Join(dir, filepath.FromSlash(key))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(p, src.gz, 0o644); err != nil {
			return err
		}
		bench.files = append(bench.files, p)
		bench.plain += int64(src.plain)
		bench.events += src.events
		written += int64(len(src.gz))
	}
	return nil
}

// BenchmarkGunzip is the yardstick: inflating the same files to
// io.Discard, on one goroutine and on as many as there are CPUs (files
// shared out among them), so that Events' scaling can be compared with what
// the machine gives plain decompression.
func BenchmarkGunzip(b *testing.B) {
	benchTree(b)
	for _, workers := range benchWorkers() {
		b.Run(fmt.Sprintf("workers=%d", workers), func(b *testing.B) {
			b.SetBytes(bench.plain)
			for b.Loop() {
				gunzipFiles(b, bench.files, workers)
			}
		})
	}
}

// gunzipFiles inflates files to io.Discard on workers goroutines.
func gunzipFiles(tb testing.TB, files []string, workers int) {
	var next atomic.Int64
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			buf := make([]byte, 64<<10)
			for i := next.Add(1) - 1; i < int64(len(files)); i = next.Add(1) - 1 {
				if err := gunzip(files[i], buf); err != nil {
					tb.Error(err)
					return
				}
			}
		}()
	}
	wg.Wait()
}

func gunzip(name string, buf []byte) error {
	f, err := os.Open(name)
	if err != nil {
		return err
	}
	defer f.Close()
	zr, err := gzip.NewReader(bufio.NewReaderSize(f, 64<<10))
	if err != nil {
		return err
	}
	_, err = io.CopyBuffer(io.Discard, zr, buf)
	return err
}

// benchWorkers is 1 and the number of CPUs.
func benchWorkers() []int {
	if n := runtime.GOMAXPROCS(0); n > 1 {
		return []int{1, n}
	}
	return []int{1}
}

// BenchmarkEvents reads the tree with Events. MB/s counts decompressed
// bytes; it reports events/s, and the process's peak resident memory
// (VmHWM), which includes the test binary itself.
func BenchmarkEvents(b *testing.B) {
	benchTree(b)
	for _, workers := range benchWorkers() {
		b.Run(fmt.Sprintf("workers=%d", workers), func(b *testing.B) {
			b.SetBytes(bench.plain)
			for b.Loop() {
				n := 0
				for _, err := range logfile.Events(context.Background(), logfile.Local(bench.dir), logfile.WithWorkers(workers)) {
					if err != nil {
						b.Fatal(err)
					}
					n++
				}
				if n != bench.events {
					b.Fatalf("%d events, want %d", n, bench.events)
				}
			}
			b.ReportMetric(float64(bench.events)*float64(b.N)/b.Elapsed().Seconds(), "events/s")
			b.ReportMetric(peakRSSMiB(), "peak-RSS-MiB")
		})
	}
}

// peakRSSMiB reads the process's peak resident set size from /proc (Linux);
// 0 elsewhere.
func peakRSSMiB() float64 {
	status, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(status), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			kb, _ := strconv.ParseFloat(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 64)
			return kb / 1024
		}
	}
	return 0
}

// BenchmarkRatio is the measurement to quote. On a shared machine whose
// speed drifts from minute to minute, throughputs taken minutes apart do not
// compare, so each round times, back to back on the same files (the first
// ~64 MB of the tree): gunzip and Events on one core (GOMAXPROCS 1), then
// both with every CPU. It reports the medians over the rounds of
// events-vs-gunzip on one core and on all, and of the scaling of each.
func BenchmarkRatio(b *testing.B) {
	benchTree(b)
	files, plain := bench.files, int64(0)
	for i, f := range bench.files {
		info, err := os.Stat(f)
		if err != nil {
			b.Fatal(err)
		}
		if plain += info.Size(); plain > 64<<20 {
			files = bench.files[:i+1]
			break
		}
	}
	dir := b.TempDir() // hard links to just those files, for Events
	for i, f := range files {
		if err := os.Link(f, filepath.Join(dir, fmt.Sprintf("111122223333_CloudTrail_us-east-1_20250101T0000Z_%05d.json.gz", i))); err != nil {
			b.Fatal(err)
		}
	}
	n := runtime.GOMAXPROCS(0)
	defer runtime.GOMAXPROCS(n)
	events := func(workers int) {
		for _, err := range logfile.Events(context.Background(), logfile.Local(dir), logfile.WithWorkers(workers)) {
			if err != nil {
				b.Fatal(err)
			}
		}
	}
	timed := func(procs int, f func()) float64 {
		runtime.GOMAXPROCS(procs)
		start := time.Now()
		f()
		return time.Since(start).Seconds()
	}
	var oneCore, allCores, eventsScaling, gunzipScaling []float64
	for b.Loop() {
		g1 := timed(1, func() { gunzipFiles(b, files, 1) })
		e1 := timed(1, func() { events(1) })
		gn := timed(n, func() { gunzipFiles(b, files, n) })
		en := timed(n, func() { events(n) })
		oneCore = append(oneCore, g1/e1)
		allCores = append(allCores, gn/en)
		eventsScaling = append(eventsScaling, e1/en)
		gunzipScaling = append(gunzipScaling, g1/gn)
	}
	b.ReportMetric(median(oneCore), "events/gunzip-1cpu")
	b.ReportMetric(median(allCores), "events/gunzip-allcpu")
	b.ReportMetric(median(eventsScaling), "events-scaling")
	b.ReportMetric(median(gunzipScaling), "gunzip-scaling")
}

func median(xs []float64) float64 {
	xs = slices.Clone(xs)
	slices.Sort(xs)
	return xs[len(xs)/2]
}
