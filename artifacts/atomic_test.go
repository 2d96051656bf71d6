package artifacts

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestWriteFileAtomic(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "a", "b", "network.har")

	require.NoError(t, WriteFileAtomic(path, []byte("first")))
	got, err := os.ReadFile(path)
	require.NoError(t, err)
	require.Equal(t, "first", string(got))
	st, err := os.Stat(path)
	require.NoError(t, err)
	require.Equal(t, os.FileMode(0o644), st.Mode().Perm())

	require.NoError(t, WriteFileAtomic(path, []byte("second")))
	got, err = os.ReadFile(path)
	require.NoError(t, err)
	require.Equal(t, "second", string(got))
	requireOnlyFile(t, filepath.Dir(path), "network.har")
}

func TestWriteFileAtomicFuncErrorKeepsOldFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "console.log")
	require.NoError(t, WriteFileAtomic(path, []byte("old")))

	boom := errors.New("boom")
	err := WriteFileAtomicFunc(path, func(w io.Writer) error {
		_, _ = io.WriteString(w, "half written")
		return boom
	})
	require.ErrorIs(t, err, boom)
	got, err := os.ReadFile(path)
	require.NoError(t, err)
	require.Equal(t, "old", string(got))
	requireOnlyFile(t, dir, "console.log")

	// A panic in write leaves no temporary file either.
	require.Panics(t, func() {
		_ = WriteFileAtomicFunc(path, func(w io.Writer) error { panic("oops") })
	})
	requireOnlyFile(t, dir, "console.log")
}

func TestWriteFileAtomicErrors(t *testing.T) {
	dir := t.TempDir()
	blocker := filepath.Join(dir, "file")
	require.NoError(t, os.WriteFile(blocker, []byte("x"), 0o644))
	// The parent "directory" is a file.
	err := WriteFileAtomic(filepath.Join(blocker, "sub", "x.txt"), []byte("x"))
	require.Error(t, err)
	// The target is a directory: the rename fails and the temporary file goes.
	target := filepath.Join(dir, "adir")
	require.NoError(t, os.MkdirAll(filepath.Join(target, "child"), 0o755))
	require.Error(t, WriteFileAtomic(target, []byte("x")))
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	require.Len(t, entries, 2)
}

func requireOnlyFile(t *testing.T, dir, name string) {
	t.Helper()
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	require.Equal(t, []string{name}, names)
}
