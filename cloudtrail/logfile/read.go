package logfile

import (
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"iter"
	"log/slog"
	"runtime"
	"slices"
	"sync"
	"time"

	"github.com/aigov/aigov/cloudtrail"
)

// An Option configures [Events].
type Option func(*config)

type config struct {
	workers         int
	filter          filter
	continueOnError bool
	logger          *slog.Logger
	progress        func(Progress)
	err             error // an invalid option
}

// WithWorkers sets how many files are read at once; runtime.GOMAXPROCS(0)
// by default. Events come out in the same order whatever the number.
func WithWorkers(n int) Option {
	return func(c *config) {
		if n < 1 {
			c.err = fmt.Errorf("logfile: WithWorkers(%d): want at least 1", n)
		}
		c.workers = n
	}
}

// WithAccounts selects the events of these accounts ([cloudtrail.Event.AccountID]);
// files whose names show another account are not opened.
func WithAccounts(accounts ...string) Option {
	return func(c *config) { c.filter.accounts = sortedSet(accounts) }
}

// WithRegions selects the events of these regions; files whose names show
// another region are not opened.
func WithRegions(regions ...string) Option {
	return func(c *config) { c.filter.regions = sortedSet(regions) }
}

// WithTimeRange selects events at or after start and before end; a zero
// time leaves that side open. Events without a time are kept. Files whose
// names' times are before start or after end by more than slack (see
// [DefaultDeliverySlack]) are not opened: a file's time follows its events'
// by minutes, and slack allows for late delivery and clock skew.
func WithTimeRange(start, end time.Time, slack time.Duration) Option {
	return func(c *config) {
		if !start.IsZero() && !end.IsZero() && !start.Before(end) {
			c.err = fmt.Errorf("logfile: WithTimeRange: start %s is not before end %s", start, end)
		}
		c.filter.start, c.filter.end, c.filter.slack = start, end, max(slack, 0)
	}
}

// WithContinueOnError makes [Events] yield each error and go on with the
// rest: the next record of the file where the file allows, else the next
// file. By default Events stops at the first error.
func WithContinueOnError() Option { return func(c *config) { c.continueOnError = true } }

// WithLogger sets a logger for debug messages; they are discarded by default.
func WithLogger(l *slog.Logger) Option { return func(c *config) { c.logger = l } }

// Progress reports a file done, for progress displays.
type Progress struct {
	File   File
	Events int   // events yielded from the file
	Bytes  int64 // bytes of the file's content, decompressed
	Err    error // the file's first error, if any
	// Files, TotalEvents and TotalBytes count everything read so far.
	Files       int
	TotalEvents int64
	TotalBytes  int64
}

// WithProgress sets a function called after each file is done, in file
// order, from the goroutine that ranges over [Events].
func WithProgress(f func(Progress)) Option { return func(c *config) { c.progress = f } }

func sortedSet(ss []string) []string {
	ss = slices.Clone(ss)
	slices.Sort(ss)
	return slices.Compact(ss)
}

// FileError is an error in reading one file: opening it, decompressing it,
// or decoding its records (a *[cloudtrail.ParseError], with the record index
// and byte offset), or listing it.
type FileError struct {
	Name string
	Err  error
}

func (e *FileError) Error() string { return "logfile: " + e.Name + ": " + e.Err.Error() }
func (e *FileError) Unwrap() error { return e.Err }

// batchSize is how many events a worker hands over at once.
const batchSize = 256

// errSkip marks an event the filter leaves out.
var errSkip = errors.New("skip")

// batchPool recycles the slices batches are made of: the consumer hands a
// slice back once it has yielded its events, so that a long stream
// allocates few. It holds a bounded number.
type batchPool chan []cloudtrail.Event

func (p batchPool) get() []cloudtrail.Event {
	select {
	case s := <-p:
		return s
	default:
		return make([]cloudtrail.Event, 0, batchSize)
	}
}

// put clears s, so that it keeps no records alive, and keeps it if there is
// room.
func (p batchPool) put(s []cloudtrail.Event) {
	if cap(s) != batchSize {
		return
	}
	clear(s)
	select {
	case p <- s[:0]:
	default:
	}
}

// batch is part of a file's events; err, when set, comes after them.
type batch struct {
	events []cloudtrail.Event
	err    error
	done   *Progress // set on the file's last batch
	token  bool      // the batch holds a token of the shared budget
}

// job is one file in flight.
type job struct {
	file File
	out  chan batch
	head chan struct{} // closed when the consumer starts on this file
}

// Memory is bounded by batches, not files: a file read ahead of the one
// being consumed needs a token from a shared budget for each batch it hands
// over, and the consumer returns the token when it takes the batch. The
// file being consumed needs none, so it can always go on: no deadlock, and
// workers ahead can fill the whole budget, so they keep busy even when one
// file holds many batches.
const tokensPerWorker = 4

// newJob makes a job whose channel holds as many batches as there are
// tokens, so that one file can use the whole budget, and two more.
func newJob(f File, tokens chan struct{}) *job {
	return &job{file: f, out: make(chan batch, cap(tokens)+2), head: make(chan struct{})}
}

// Events reads the log files of src and yields their events, in file order
// then record order, whatever the number of workers. It holds a bounded
// number of events in memory: a few batches per worker.
//
// A file is read as gzip when it starts with gzip's magic bytes, and as
// plain JSON otherwise; its content is a log file's {"Records":[...]}, a
// JSON array of records, or one record (see [cloudtrail.Decoder]). Errors
// are *[FileError] values; see [WithContinueOnError].
func Events(ctx context.Context, src Source, opts ...Option) iter.Seq2[cloudtrail.Event, error] {
	c := config{workers: runtime.GOMAXPROCS(0), filter: filter{slack: DefaultDeliverySlack}}
	for _, o := range opts {
		o(&c)
	}
	if c.logger == nil {
		c.logger = slog.New(slog.DiscardHandler)
	}
	return func(yield func(cloudtrail.Event, error) bool) {
		if c.err != nil {
			yield(cloudtrail.Event{}, c.err)
			return
		}
		tokens := make(chan struct{}, tokensPerWorker*c.workers)
		// The pool has room for every batch that can be out at once (the
		// head file's channel, the batches holding tokens, one being
		// filled by each worker and one being yielded), so that none is
		// dropped for want of room and allocated again: each is 256 Events
		// of pointers, which the GC would zero and scan anew.
		batches := make(batchPool, cap(tokens)+2+cap(tokens)+c.workers+1)
		parent := ctx
		ctx, cancel := context.WithCancel(ctx)
		var wg sync.WaitGroup
		defer wg.Wait()
		defer cancel()

		order := make(chan *job, c.workers)
		sem := make(chan struct{}, c.workers)
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer close(order)
			c.dispatch(ctx, src, order, sem, &wg, batches, tokens)
		}()

		var total Progress
		for j := range order {
			close(j.head)
			for b := range j.out {
				if b.token {
					<-tokens
				}
				for i := range b.events {
					if !yield(b.events[i], nil) {
						return
					}
				}
				batches.put(b.events)
				if b.err != nil {
					if !yield(cloudtrail.Event{}, b.err) || !c.continueOnError {
						return
					}
				}
				if p := b.done; p != nil && c.progress != nil {
					total.Files++
					total.TotalEvents += int64(p.Events)
					total.TotalBytes += p.Bytes
					p.Files, p.TotalEvents, p.TotalBytes = total.Files, total.TotalEvents, total.TotalBytes
					c.progress(*p)
				}
			}
		}
		// Workers stop short when the caller's context ends; say so.
		if err := parent.Err(); err != nil {
			yield(cloudtrail.Event{}, err)
		}
	}
}

// dispatch lists the files, skips those the filter rules out by name, and
// starts a worker for each of the others, in order. The semaphore is taken
// here, in file order, so the file the consumer waits for always has a
// worker.
func (c *config) dispatch(ctx context.Context, src Source, order chan<- *job, sem chan struct{}, wg *sync.WaitGroup, batches batchPool, tokens chan struct{}) {
	send := func(j *job) bool {
		select {
		case order <- j:
			return true
		case <-ctx.Done():
			return false
		}
	}
	for f, err := range src.Files(ctx) {
		if ctx.Err() != nil {
			return
		}
		if err != nil {
			j := newJob(f, tokens)
			j.out <- batch{err: &FileError{Name: f.Name, Err: err}, done: &Progress{File: f, Err: err}}
			close(j.out)
			if !send(j) {
				return
			}
			continue
		}
		if !c.filter.keepKey(ParseKey(f.Name)) {
			c.logger.Debug("skipping file by name", "file", f.Name)
			continue
		}
		select {
		case sem <- struct{}{}:
		case <-ctx.Done():
			return
		}
		j := newJob(f, tokens)
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			defer close(j.out)
			c.read(ctx, src, j, batches, tokens)
		}()
		if !send(j) {
			return
		}
	}
}

// read decodes one file into batches on j.out.
func (c *config) read(ctx context.Context, src Source, j *job, batches batchPool, tokens chan struct{}) {
	done := &Progress{File: j.file}
	send := func(b batch) bool {
		select {
		case <-j.head: // being consumed: no token needed
		case tokens <- struct{}{}:
			b.token = true
		case <-ctx.Done():
			return false
		}
		select {
		case j.out <- b:
			return true
		case <-ctx.Done():
			if b.token {
				<-tokens
			}
			return false
		}
	}
	fail := func(err error) {
		err = &FileError{Name: j.file.Name, Err: err}
		if done.Err == nil {
			done.Err = err
		}
	}
	rc, err := src.Open(ctx, j.file)
	if err != nil {
		fail(err)
		send(batch{err: done.Err, done: done})
		return
	}
	defer rc.Close()
	in := inputs.Get().(*input)
	defer in.release()
	r, err := in.decompress(rc)
	if err != nil {
		fail(err)
		send(batch{err: done.Err, done: done})
		return
	}
	c.logger.Debug("reading file", "file", j.file.Name)
	d := cloudtrail.NewDecoder(r)
	events := batches.get()
	for {
		// Decode straight into the batch's next slot.
		events = events[:len(events)+1]
		err := d.Decode(&events[len(events)-1])
		if err == nil && !c.filter.keepEvent(&events[len(events)-1]) {
			err = errSkip
		}
		if err != nil {
			events = events[:len(events)-1]
		}
		if err == io.EOF {
			break
		}
		if err == errSkip {
			continue
		}
		if err != nil {
			fail(err)
			if !c.continueOnError {
				break
			}
			if !send(batch{events: events, err: &FileError{Name: j.file.Name, Err: err}}) {
				return
			}
			events = batches.get()
			continue
		}
		done.Events++
		if len(events) == batchSize {
			if !send(batch{events: events}) {
				return
			}
			events = batches.get()
		}
	}
	done.Bytes = d.InputOffset()
	last := batch{events: events, done: done}
	if !c.continueOnError {
		last.err = done.Err
	}
	send(last)
}

// An input reads a file's stored bytes and, for gzip, inflates them. Its
// buffer and inflater are reused from file to file (see inputs): a new
// inflater costs some 40 KB of tables and window.
type input struct {
	r    io.Reader
	buf  []byte // buf[i:n] is read and not yet used
	i, n int
	err  error // r's error, once buf is used up
	zr   *gzip.Reader
}

// inputs holds inputs between files, so that the workers need no more
// than one each.
var inputs = sync.Pool{New: func() any { return &input{buf: make([]byte, 1<<20)} }}

// decompress returns a reader of r's content, inflating gzip, which it
// recognises by its magic bytes. Every gzip member is read, as gzip tools
// do; integrity checking is what rejects data after the first.
func (in *input) decompress(r io.Reader) (io.Reader, error) {
	in.r, in.i, in.n, in.err = r, 0, 0, nil
	for in.n < 2 && in.err == nil {
		in.fill()
	}
	if in.n < 2 && in.err != nil && in.err != io.EOF {
		return nil, in.err
	}
	if in.n < 2 || in.buf[0] != 0x1f || in.buf[1] != 0x8b {
		return in, nil
	}
	var err error
	if in.zr == nil {
		in.zr, err = gzip.NewReader(in)
	} else {
		err = in.zr.Reset(in)
	}
	if err != nil {
		return nil, fmt.Errorf("gzip: %w", err)
	}
	return gzipErrors{in.zr}, nil
}

// release puts in back in the pool, holding on to nothing of the file.
func (in *input) release() {
	in.r, in.err = nil, nil
	inputs.Put(in)
}

// fill reads more into buf, which must be used up or hold less than its
// length; a reader that makes no progress is an error, as for bufio.
func (in *input) fill() {
	if in.i == in.n {
		in.i, in.n = 0, 0
	}
	for empty := 0; empty < 100; empty++ {
		n, err := in.r.Read(in.buf[in.n:])
		in.n += n
		if err != nil {
			in.err = err
		}
		if n > 0 || err != nil {
			return
		}
	}
	in.err = io.ErrNoProgress
}

// ReadByte is what the inflater reads with (it takes any io.ByteReader
// as is), so its common case is kept short.
func (in *input) ReadByte() (byte, error) {
	if in.i < in.n {
		c := in.buf[in.i]
		in.i++
		return c, nil
	}
	return in.readByteSlow()
}

func (in *input) readByteSlow() (byte, error) {
	for in.i == in.n {
		if in.err != nil {
			return 0, in.err
		}
		in.fill()
	}
	c := in.buf[in.i]
	in.i++
	return c, nil
}

func (in *input) Read(p []byte) (int, error) {
	if len(p) == 0 {
		return 0, nil
	}
	for in.i == in.n {
		if in.err != nil {
			return 0, in.err
		}
		if len(p) >= len(in.buf) {
			n, err := in.r.Read(p) // large reads straight through, as bufio does
			if err != nil {
				in.err = err
			}
			if n > 0 || err != nil {
				return n, nil
			}
		}
		in.fill()
	}
	n := copy(p, in.buf[in.i:in.n])
	in.i += n
	return n, nil
}

// gzipErrors marks errors from decompression as such.
type gzipErrors struct{ r *gzip.Reader }

func (g gzipErrors) Read(p []byte) (int, error) {
	n, err := g.r.Read(p)
	if err != nil && !errors.Is(err, io.EOF) {
		err = fmt.Errorf("gzip: %w", err)
	}
	return n, err
}
