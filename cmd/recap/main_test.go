package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"
)

func TestMain(m *testing.M) {
	if os.Getenv("RECAP_RUN_MAIN") == "1" {
		main() // the test binary stands in for recap (see startRecap)
	}
	testscript.Main(m, map[string]func(){"recap": main})
}

// TestScripts runs the end-to-end scripts in testdata/script: each starts
// the real recap binary and pins its output and exit status.
func TestScripts(t *testing.T) {
	testscript.Run(t, testscript.Params{
		Dir:                 "testdata/script",
		RequireExplicitExec: true,
		Setup: func(env *testscript.Env) error {
			if err := copyDir("../../render/pdf/testdata/fonts", filepath.Join(env.WorkDir, "fonts")); err != nil {
				return err
			}
			return copyDir("../../examples", filepath.Join(env.WorkDir, "examples"))
		},
		Cmds:      map[string]func(*testscript.TestScript, bool, []string){"replace": replace},
		Condition: toolCondition,
	})
}

// toolCondition answers [tool:NAME]: whether NAME is installed, which a
// script that needs it asks before it runs it. Under CI (CI set), which
// installs every tool, the answer is yes, so that a missing tool fails
// the script rather than skipping it.
func toolCondition(cond string) (bool, error) {
	name, ok := strings.CutPrefix(cond, "tool:")
	if !ok {
		return false, fmt.Errorf("unknown condition %q", cond)
	}
	if os.Getenv("CI") != "" {
		return true, nil
	}
	_, err := exec.LookPath(name)
	return err == nil, nil
}

// replace FILE OLD NEW replaces the one occurrence of OLD in FILE: an edit
// of an example, without a copy of it in the script. In OLD and NEW, \n
// is a line break (a script's argument cannot hold one).
func replace(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 3 {
		ts.Fatalf("usage: replace FILE OLD NEW")
	}
	args[1], args[2] = strings.ReplaceAll(args[1], `\n`, "\n"), strings.ReplaceAll(args[2], `\n`, "\n")
	file := ts.MkAbs(args[0])
	b, err := os.ReadFile(file)
	ts.Check(err)
	if n := strings.Count(string(b), args[1]); n != 1 {
		ts.Fatalf("%s holds %q %d times, not once", args[0], args[1], n)
	}
	ts.Check(os.WriteFile(file, []byte(strings.Replace(string(b), args[1], args[2], 1)), 0o644))
}

func copyDir(from, to string) error {
	entries, err := os.ReadDir(from)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(to, 0o755); err != nil {
		return err
	}
	for _, e := range entries {
		if e.IsDir() {
			continue
		}
		b, err := os.ReadFile(filepath.Join(from, e.Name()))
		if err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(to, e.Name()), b, 0o644); err != nil {
			return err
		}
	}
	return nil
}
