package schema

import (
	"slices"
	"strings"
)

// checkCycles reports each group of actions that wait for each other, with
// one cycle through it spelled out. It runs in linear time without
// recursion, so long chains cannot overflow the stack.
func (c *checker) checkCycles(n *Notes, actions map[string]*Action) {
	g := newGraph(n, actions)
	for _, scc := range g.components() {
		if len(scc) < 2 {
			continue
		}
		cycle := g.cycleThrough(scc)
		names := make([]string, len(cycle)+1)
		for i, v := range cycle {
			names[i] = n.Actions[v].ID
		}
		names[len(cycle)] = names[0]
		first := n.Actions[cycle[0]]
		c.report(first.path+"/if", ruleIfCycle, "actions wait for each other in a cycle, so none of them can start: %s", strings.Join(names, " -> "))
	}
}

// graph holds, for each action (by index), the actions it waits for.
type graph struct {
	deps [][]int
}

func newGraph(n *Notes, actions map[string]*Action) *graph {
	at := make(map[*Action]int, len(n.Actions))
	for i, a := range n.Actions {
		at[a] = i
	}
	g := &graph{deps: make([][]int, len(n.Actions))}
	for i, a := range n.Actions {
		for _, dep := range a.If {
			if d, ok := actions[dep]; ok && d != a {
				g.deps[i] = append(g.deps[i], at[d])
			}
		}
	}
	return g
}

// components returns the strongly connected components (Tarjan's
// algorithm, with an explicit stack), each sorted by file order.
func (g *graph) components() [][]int {
	n := len(g.deps)
	index, low := make([]int, n), make([]int, n)
	onStack := make([]bool, n)
	for i := range index {
		index[i] = -1
	}
	var out [][]int
	var comp []int
	next := 0
	type frame struct{ v, edge int }
	for root := range n {
		if index[root] >= 0 {
			continue
		}
		work := []frame{{root, 0}}
		index[root], low[root] = next, next
		next++
		comp = append(comp, root)
		onStack[root] = true
		for len(work) > 0 {
			f := &work[len(work)-1]
			if f.edge < len(g.deps[f.v]) {
				w := g.deps[f.v][f.edge]
				f.edge++
				if index[w] < 0 {
					index[w], low[w] = next, next
					next++
					comp = append(comp, w)
					onStack[w] = true
					work = append(work, frame{w, 0})
				} else if onStack[w] {
					low[f.v] = min(low[f.v], index[w])
				}
				continue
			}
			v := f.v
			work = work[:len(work)-1]
			if len(work) > 0 {
				u := work[len(work)-1].v
				low[u] = min(low[u], low[v])
			}
			if low[v] == index[v] {
				i := len(comp) - 1
				for comp[i] != v {
					i--
				}
				scc := slices.Clone(comp[i:])
				for _, w := range scc {
					onStack[w] = false
				}
				comp = comp[:i]
				slices.Sort(scc)
				out = append(out, scc)
			}
		}
	}
	slices.SortFunc(out, func(a, b []int) int { return a[0] - b[0] })
	return out
}

// cycleThrough finds a shortest cycle from the first action of a component
// back to itself, staying inside the component.
func (g *graph) cycleThrough(scc []int) []int {
	in := make(map[int]bool, len(scc))
	for _, v := range scc {
		in[v] = true
	}
	start := scc[0]
	prev := map[int]int{}
	queue := []int{start}
	for len(queue) > 0 {
		v := queue[0]
		queue = queue[1:]
		for _, w := range g.deps[v] {
			if !in[w] {
				continue
			}
			if w == start {
				path := []int{v}
				for path[len(path)-1] != start {
					path = append(path, prev[path[len(path)-1]])
				}
				slices.Reverse(path)
				return path
			}
			if _, seen := prev[w]; !seen {
				prev[w] = v
				queue = append(queue, w)
			}
		}
	}
	return []int{start}
}

// ActionsByID maps each action id to the first action that has it.
func (n *Notes) ActionsByID() map[string]*Action {
	ids := make(map[string]*Action, len(n.Actions))
	for _, a := range n.Actions {
		if _, dup := ids[a.ID]; !dup && a.ID != "" {
			ids[a.ID] = a
		}
	}
	return ids
}

// Sequence groups the actions into steps of performance: step 0 holds the
// actions that wait only for the signing; an action in step k waits for at
// least one action in step k-1 and none in later steps. Within a step,
// actions keep file order. Actions caught in a cycle (invalid notes) are
// left out.
func (n *Notes) Sequence() [][]*Action {
	g := newGraph(n, n.ActionsByID())
	waiting := make([]int, len(n.Actions))
	next := make([][]int, len(n.Actions)) // who waits for each action
	for v, deps := range g.deps {
		waiting[v] = len(deps)
		for _, d := range deps {
			next[d] = append(next[d], v)
		}
	}
	var steps [][]*Action
	var ready []int
	for v := range n.Actions {
		if waiting[v] == 0 {
			ready = append(ready, v)
		}
	}
	for len(ready) > 0 {
		slices.Sort(ready)
		step := make([]*Action, len(ready))
		var after []int
		for i, v := range ready {
			step[i] = n.Actions[v]
			for _, w := range next[v] {
				if waiting[w]--; waiting[w] == 0 {
					after = append(after, w)
				}
			}
		}
		steps = append(steps, step)
		ready = after
	}
	return steps
}
