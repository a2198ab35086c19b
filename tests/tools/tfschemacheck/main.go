// tfschemacheck checks Terraform folders against a provider's published schema, as far as
// `terraform validate` would without the provider binary: every resource, data source and
// provider block names a type the provider has, every argument and nested block is one the
// schema lets a configuration set, every required argument and block is present, and every
// reference (aws_x.y.attr, var.x, local.x, data.t.n.attr) names something the folder declares
// with an attribute its type has. It also refuses what Ferry's own rule refuses: an empty
// string or an empty list as an argument's value (a decision left blank that the provider
// rejects at apply time, or worse, accepts).
//
// The schema is read from the jsii assembly (`.jsii`) of the CDK for Terraform's prebuilt
// provider package (npm @cdktf/provider-aws 19.x = hashicorp/aws 5.x), generated from
// `terraform providers schema -json` of that provider version. Property names there are
// camelCase; the Terraform name is the anchor of the property's registry link
// (".../docs/resources/eks_cluster#role_arn").
//
// usage: tfschemacheck -schema PROVIDER.jsii [-schema OTHER.jsii] FOLDER...
// Prints FILE:LINE:COLUMN: message per problem and exits 1 if there was any, 2 on bad usage.
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclparse"
	"github.com/hashicorp/hcl/v2/hclsyntax"
)

// ---- the schema, from a jsii assembly ----

type jsiiType struct {
	Kind       string         `json:"kind"`
	Datatype   bool           `json:"datatype"`
	Docs       jsiiDocs       `json:"docs"`
	Properties []jsiiProperty `json:"properties"`
}

type jsiiDocs struct {
	Summary string `json:"summary"`
	Remarks string `json:"remarks"`
}

type jsiiProperty struct {
	Name     string          `json:"name"`
	Optional bool            `json:"optional"`
	Static   bool            `json:"static"`
	Docs     jsiiDocs        `json:"docs"`
	Type     json.RawMessage `json:"type"`
}

type jsiiTypeRef struct {
	Primitive  string `json:"primitive"`
	Fqn        string `json:"fqn"`
	Collection *struct {
		Kind        string          `json:"kind"`
		ElementType json.RawMessage `json:"elementtype"`
	} `json:"collection"`
	Union *struct {
		Types []json.RawMessage `json:"types"`
	} `json:"union"`
}

// blockSchema is what a configuration may write in one block (a resource, or a nested block).
type blockSchema struct {
	attributes map[string]bool         // name → required
	blocks     map[string]*nestedBlock // name → nested block
	readable   map[string]bool         // every attribute a reference may read
}

type nestedBlock struct {
	required bool
	schema   *blockSchema
}

type schema struct {
	resources   map[string]*blockSchema
	dataSources map[string]*blockSchema
	providers   map[string]*blockSchema
}

var (
	representsRe = regexp.MustCompile(`Represents a \{@link https://registry\.terraform\.io/providers/[^/]+/[^/]+/[^/]+/docs(/(resources|data-sources)/[a-z0-9_]+)? ([a-z0-9_]+)\}`)
	anchorRe     = regexp.MustCompile(`/docs[^ ]*#([a-z0-9_]+) `)
)

type assembly struct {
	Types map[string]*jsiiType `json:"types"`
	memo  map[string]*blockSchema
}

func loadSchema(paths []string) (*schema, error) {
	s := &schema{map[string]*blockSchema{}, map[string]*blockSchema{}, map[string]*blockSchema{}}
	for _, path := range paths {
		f, err := os.Open(path)
		if err != nil {
			return nil, err
		}
		a := &assembly{memo: map[string]*blockSchema{}}
		err = json.NewDecoder(f).Decode(a)
		f.Close()
		if err != nil {
			return nil, fmt.Errorf("%s: %v", path, err)
		}
		found := 0
		for fqn, t := range a.Types {
			if t.Kind != "class" {
				continue
			}
			m := representsRe.FindStringSubmatch(t.Docs.Summary)
			if m == nil {
				continue
			}
			config, ok := a.Types[fqn+"Config"]
			if !ok {
				continue
			}
			b := a.block(fqn+"Config", config)
			for _, p := range t.Properties { // the class's getters: what references may read
				if !p.Static {
					b.readable[snake(p.Name)] = true
				}
			}
			switch {
			case m[2] == "resources":
				s.resources[m[3]] = b
			case m[2] == "data-sources":
				s.dataSources[m[3]] = b
			case m[1] == "":
				s.providers[m[3]] = b
			}
			found++
		}
		if found == 0 {
			return nil, fmt.Errorf("%s: no Terraform types found in this jsii assembly", path)
		}
	}
	return s, nil
}

// block turns a jsii config struct into the schema of a block.
func (a *assembly) block(fqn string, t *jsiiType) *blockSchema {
	if b, ok := a.memo[fqn]; ok {
		return b
	}
	b := &blockSchema{map[string]bool{}, map[string]*nestedBlock{}, map[string]bool{}}
	a.memo[fqn] = b
	for _, p := range t.Properties {
		name := terraformName(p)
		if name == "" {
			continue
		}
		b.readable[name] = true
		if nested := a.structOf(p.Type); nested != "" {
			b.blocks[name] = &nestedBlock{!p.Optional, a.block(nested, a.Types[nested])}
		} else {
			b.attributes[name] = !p.Optional
		}
	}
	return b
}

// structOf is the struct a property's type holds (a nested block), or "".
func (a *assembly) structOf(raw json.RawMessage) string {
	var r jsiiTypeRef
	if json.Unmarshal(raw, &r) != nil {
		return ""
	}
	switch {
	case r.Fqn != "":
		if t, ok := a.Types[r.Fqn]; ok && t.Kind == "interface" && t.Datatype {
			return r.Fqn
		}
	case r.Collection != nil && r.Collection.Kind == "array":
		return a.structOf(r.Collection.ElementType)
	case r.Union != nil:
		for _, u := range r.Union.Types {
			if s := a.structOf(u); s != "" {
				return s
			}
		}
	}
	return ""
}

func terraformName(p jsiiProperty) string {
	for _, text := range []string{p.Docs.Summary, p.Docs.Remarks} {
		if m := anchorRe.FindStringSubmatch(text); m != nil {
			return m[1]
		}
	}
	return ""
}

func snake(camel string) string {
	var out strings.Builder
	for i, r := range camel {
		if r >= 'A' && r <= 'Z' {
			if i > 0 {
				out.WriteByte('_')
			}
			out.WriteRune(r - 'A' + 'a')
		} else {
			out.WriteRune(r)
		}
	}
	return out.String()
}

// ---- the check ----

type checker struct {
	schema    *schema
	problems  []string
	iterators []string // the names of the dynamic blocks' iterators in scope
}

func (c *checker) report(r hcl.Range, format string, args ...any) {
	c.problems = append(c.problems, fmt.Sprintf("%s:%d:%d: %s", r.Filename, r.Start.Line, r.Start.Column,
		fmt.Sprintf(format, args...)))
}

var resourceMeta = map[string]bool{"count": true, "for_each": true, "depends_on": true, "provider": true}
var resourceMetaBlocks = map[string]bool{"lifecycle": true, "provisioner": true, "connection": true}

// declarations of one folder (one Terraform module)
type module struct {
	resources   map[string]string // "type.name" → type
	dataSources map[string]string
	variables   map[string]bool
	locals      map[string]bool
	modules     map[string]bool
}

func (c *checker) checkFolder(dir string) (files, blocks int) {
	paths, _ := filepath.Glob(filepath.Join(dir, "*.tf"))
	sort.Strings(paths)
	if len(paths) == 0 {
		c.problems = append(c.problems, dir+": no .tf files")
		return
	}
	parser := hclparse.NewParser()
	var bodies []*hclsyntax.Body
	for _, p := range paths {
		f, diags := parser.ParseHCLFile(p)
		for _, d := range diags {
			if d.Subject != nil {
				c.report(*d.Subject, "%s: %s", d.Summary, d.Detail)
			} else {
				c.problems = append(c.problems, p+": "+d.Summary)
			}
		}
		if f != nil {
			bodies = append(bodies, f.Body.(*hclsyntax.Body))
		}
	}
	files = len(paths)
	m := &module{map[string]string{}, map[string]string{}, map[string]bool{}, map[string]bool{}, map[string]bool{}}
	for _, body := range bodies {
		for _, b := range body.Blocks {
			switch {
			case b.Type == "resource" && len(b.Labels) == 2:
				key := b.Labels[0] + "." + b.Labels[1]
				if _, dup := m.resources[key]; dup {
					c.report(b.LabelRanges[1], "duplicate resource %s", key)
				}
				m.resources[key] = b.Labels[0]
			case b.Type == "data" && len(b.Labels) == 2:
				m.dataSources[b.Labels[0]+"."+b.Labels[1]] = b.Labels[0]
			case b.Type == "variable" && len(b.Labels) == 1:
				if m.variables[b.Labels[0]] {
					c.report(b.LabelRanges[0], "duplicate variable %s", b.Labels[0])
				}
				m.variables[b.Labels[0]] = true
			case b.Type == "module" && len(b.Labels) == 1:
				m.modules[b.Labels[0]] = true
			case b.Type == "locals":
				for name := range b.Body.Attributes {
					m.locals[name] = true
				}
			}
		}
	}
	for _, body := range bodies {
		for _, b := range body.Blocks {
			blocks++
			switch b.Type {
			case "resource", "data":
				if len(b.Labels) != 2 {
					c.report(b.TypeRange, "a %s block takes two labels", b.Type)
					continue
				}
				types := c.schema.resources
				if b.Type == "data" {
					types = c.schema.dataSources
				}
				s, ok := types[b.Labels[0]]
				if !ok {
					c.report(b.LabelRanges[0], "the provider has no %s type %q", b.Type, b.Labels[0])
					continue
				}
				c.checkBody(b.Body, s, b.Labels[0], true, m)
			case "provider":
				if len(b.Labels) != 1 {
					c.report(b.TypeRange, "a provider block takes one label")
					continue
				}
				if s, ok := c.schema.providers[b.Labels[0]]; ok {
					c.checkBody(b.Body, s, "provider "+b.Labels[0], false, m)
				} else {
					c.report(b.LabelRanges[0], "no schema for provider %q", b.Labels[0])
				}
			case "import":
				c.checkImport(b, m)
			case "variable":
				c.checkVariable(b, m)
			case "output", "locals", "terraform", "module", "moved", "removed", "check":
				c.checkReferences(b.Body, m)
			default:
				c.report(b.TypeRange, "unknown block type %q", b.Type)
			}
		}
	}
	return
}

var variableArguments = map[string]bool{"type": true, "default": true, "description": true, "sensitive": true,
	"nullable": true, "ephemeral": true}

// checkVariable checks a variable's arguments; its type is a type expression, not references.
func (c *checker) checkVariable(b *hclsyntax.Block, m *module) {
	for name, attr := range b.Body.Attributes {
		if !variableArguments[name] {
			c.report(attr.NameRange, "variable %s has no argument %q", b.Labels[0], name)
		} else if name != "type" {
			c.checkExpr(attr.Expr, m)
		}
	}
	for _, nested := range b.Body.Blocks {
		if nested.Type != "validation" {
			c.report(nested.TypeRange, "variable %s has no block %q", b.Labels[0], nested.Type)
		}
	}
}

func (c *checker) checkImport(b *hclsyntax.Block, m *module) {
	for _, name := range []string{"to", "id"} {
		if _, ok := b.Body.Attributes[name]; !ok {
			c.report(b.TypeRange, "an import block needs %q", name)
		}
	}
	if to, ok := b.Body.Attributes["to"]; ok {
		t, diags := hcl.AbsTraversalForExpr(to.Expr)
		if diags.HasErrors() || len(t) < 2 {
			c.report(to.Expr.Range(), "import: `to` must be a resource address")
		} else if _, known := c.schema.resources[t.RootName()]; !known {
			// A target without a resource block is allowed: `terraform plan
			// -generate-config-out` writes it (and validate accepts it); its type must exist.
			c.report(to.Expr.Range(), "import: the provider has no resource type %q", t.RootName())
		}
	}
	if id, ok := b.Body.Attributes["id"]; ok {
		c.checkValue(id, m)
	}
}

func (c *checker) checkBody(body *hclsyntax.Body, s *blockSchema, where string, meta bool, m *module) {
	for name, attr := range body.Attributes {
		if _, ok := s.attributes[name]; !ok && !(meta && resourceMeta[name]) {
			if _, isBlock := s.blocks[name]; isBlock {
				c.checkValue(attr, m) // "attributes as blocks" (security group ingress) take either syntax
				continue
			}
			c.report(attr.NameRange, "%s has no argument %q", where, name)
			continue
		}
		c.checkValue(attr, m)
	}
	for name, required := range s.attributes {
		if _, ok := body.Attributes[name]; required && !ok {
			c.report(body.SrcRange, "%s: the required argument %q is missing", where, name)
		}
	}
	seen := map[string]bool{}
	for _, b := range body.Blocks {
		if b.Type == "dynamic" && len(b.Labels) == 1 {
			c.checkDynamic(b, s, where, m)
			seen[b.Labels[0]] = true
			continue
		}
		nested, ok := s.blocks[b.Type]
		if !ok {
			if meta && resourceMetaBlocks[b.Type] {
				if b.Type == "lifecycle" {
					// ignore_changes names the resource's own attributes, not references.
					for name, attr := range b.Body.Attributes {
						if name == "ignore_changes" {
							c.checkIgnoredAttributes(attr, s, where)
						} else {
							c.checkExpr(attr.Expr, m)
						}
					}
					continue
				}
				c.checkReferences(b.Body, m)
				continue
			}
			c.report(b.TypeRange, "%s has no block %q", where, b.Type)
			continue
		}
		seen[b.Type] = true
		c.checkBody(b.Body, nested.schema, where+"."+b.Type, false, m)
	}
	for name, nested := range s.blocks {
		if _, asAttr := body.Attributes[name]; nested.required && !seen[name] && !asAttr {
			c.report(body.SrcRange, "%s: the required block %q is missing", where, name)
		}
	}
}

// isIterator says whether name is a dynamic block's iterator in scope.
func (c *checker) isIterator(name string) bool {
	for _, i := range c.iterators {
		if i == name {
			return true
		}
	}
	return false
}

// checkDynamic checks a `dynamic "LABEL"` block: LABEL is a block of the schema, for_each is
// given, and its one content block is checked as LABEL with the iterator's name in scope.
func (c *checker) checkDynamic(b *hclsyntax.Block, s *blockSchema, where string, m *module) {
	label := b.Labels[0]
	nested, ok := s.blocks[label]
	if !ok {
		c.report(b.LabelRanges[0], "%s has no block %q", where, label)
		return
	}
	iterator := label
	for name, attr := range b.Body.Attributes {
		switch name {
		case "for_each", "labels":
			c.checkExpr(attr.Expr, m)
		case "iterator":
			t, diags := hcl.AbsTraversalForExpr(attr.Expr)
			if diags.HasErrors() || len(t) != 1 {
				c.report(attr.NameRange, "a dynamic block's iterator is a name")
				continue
			}
			iterator = t.RootName()
		default:
			c.report(attr.NameRange, "dynamic %q has no argument %q", label, name)
		}
	}
	if _, ok := b.Body.Attributes["for_each"]; !ok {
		c.report(b.Body.SrcRange, "dynamic %q: the required argument \"for_each\" is missing", label)
	}
	contents := 0
	for _, inner := range b.Body.Blocks {
		if inner.Type != "content" {
			c.report(inner.TypeRange, "dynamic %q has no block %q", label, inner.Type)
			continue
		}
		contents++
		c.iterators = append(c.iterators, iterator)
		c.checkBody(inner.Body, nested.schema, where+"."+label, false, m)
		c.iterators = c.iterators[:len(c.iterators)-1]
	}
	if contents != 1 {
		c.report(b.Body.SrcRange, "dynamic %q takes one content block", label)
	}
}

// checkIgnoredAttributes checks that lifecycle.ignore_changes names arguments of the block.
func (c *checker) checkIgnoredAttributes(attr *hclsyntax.Attribute, s *blockSchema, where string) {
	list, ok := attr.Expr.(*hclsyntax.TupleConsExpr)
	if !ok {
		return // `all`
	}
	for _, e := range list.Exprs {
		t, diags := hcl.AbsTraversalForExpr(e)
		if diags.HasErrors() {
			c.report(e.Range(), "ignore_changes takes attribute names")
			continue
		}
		name := t.RootName()
		if _, isAttr := s.attributes[name]; !isAttr {
			if _, isBlock := s.blocks[name]; !isBlock {
				c.report(e.Range(), "%s has no argument %q to ignore", where, name)
			}
		}
	}
}

// checkValue refuses empty strings and lists, and checks the references in a value.
func (c *checker) checkValue(attr *hclsyntax.Attribute, m *module) {
	switch e := attr.Expr.(type) {
	case *hclsyntax.TemplateExpr:
		if len(e.Parts) == 1 {
			if lit, ok := e.Parts[0].(*hclsyntax.LiteralValueExpr); ok && lit.Val.Type().FriendlyName() == "string" && lit.Val.AsString() == "" {
				c.report(attr.SrcRange, "%s is an empty string: a value to decide belongs in a variable", attr.Name)
			}
		}
	case *hclsyntax.TupleConsExpr:
		if len(e.Exprs) == 0 {
			c.report(attr.SrcRange, "%s is an empty list: a value to decide belongs in a variable", attr.Name)
		}
	}
	c.checkExpr(attr.Expr, m)
}

func (c *checker) checkReferences(body *hclsyntax.Body, m *module) {
	for _, attr := range body.Attributes {
		c.checkExpr(attr.Expr, m)
	}
	for _, b := range body.Blocks {
		c.checkReferences(b.Body, m)
	}
}

func (c *checker) checkExpr(e hclsyntax.Expression, m *module) {
	for _, t := range e.Variables() {
		root := t.RootName()
		attrName := func(i int) string {
			if i < len(t) {
				if a, ok := t[i].(hcl.TraverseAttr); ok {
					return a.Name
				}
			}
			return ""
		}
		switch root {
		case "var":
			if n := attrName(1); !m.variables[n] {
				c.report(t.SourceRange(), "no variable %q is declared", n)
			}
		case "local":
			if n := attrName(1); !m.locals[n] {
				c.report(t.SourceRange(), "no local %q is declared", n)
			}
		case "module":
			if n := attrName(1); !m.modules[n] {
				c.report(t.SourceRange(), "no module %q is declared", n)
			}
		case "data":
			key := attrName(1) + "." + attrName(2)
			typ, ok := m.dataSources[key]
			if !ok {
				c.report(t.SourceRange(), "no data source %s is declared", key)
			} else {
				c.checkReadable(t, 3, c.schema.dataSources[typ], key)
			}
		case "path", "terraform", "each", "count", "self":
		default:
			if c.isIterator(root) {
				continue
			}
			key := root + "." + attrName(1)
			typ, ok := m.resources[key]
			if !ok {
				c.report(t.SourceRange(), "no resource %s is declared in this folder", key)
				continue
			}
			c.checkReadable(t, 2, c.schema.resources[typ], key)
		}
	}
	// a function's arguments and the parts of templates are walked by Variables() already
}

// checkReadable checks the attribute a reference reads (after an optional index or splat).
func (c *checker) checkReadable(t hcl.Traversal, i int, s *blockSchema, what string) {
	if s == nil {
		return
	}
	for ; i < len(t); i++ {
		switch step := t[i].(type) {
		case hcl.TraverseIndex, hcl.TraverseSplat:
			continue
		case hcl.TraverseAttr:
			if !s.readable[step.Name] {
				c.report(t.SourceRange(), "%s has no attribute %q", what, step.Name)
			}
			return
		}
		return
	}
}

type schemaFlags []string

func (f *schemaFlags) String() string     { return strings.Join(*f, ",") }
func (f *schemaFlags) Set(v string) error { *f = append(*f, v); return nil }

func main() {
	var schemas schemaFlags
	flag.Var(&schemas, "schema", "a provider's jsii assembly (.jsii); may be repeated")
	flag.Parse()
	if len(schemas) == 0 || flag.NArg() == 0 {
		fmt.Fprintln(os.Stderr, "usage: tfschemacheck -schema PROVIDER.jsii FOLDER...")
		os.Exit(2)
	}
	s, err := loadSchema(schemas)
	if err != nil {
		fmt.Fprintln(os.Stderr, "tfschemacheck:", err)
		os.Exit(2)
	}
	c := &checker{schema: s}
	files, blocks := 0, 0
	for _, dir := range flag.Args() {
		f, b := c.checkFolder(dir)
		files += f
		blocks += b
	}
	sort.Strings(c.problems)
	for _, p := range c.problems {
		fmt.Println(p)
	}
	fmt.Fprintf(os.Stderr, "%d folders, %d files, %d blocks checked against %d resource types: %d problems\n",
		flag.NArg(), files, blocks, len(s.resources), len(c.problems))
	if len(c.problems) > 0 {
		os.Exit(1)
	}
}
