-- Neovim's own LSP client against `recap lsp`, headless (Neovim 0.7 and
-- later): open notes with a misspelt owner, wait for the diagnostics, ask
-- for the definition of an id, complete an owner, list the outline, fix
-- the owner as one types and wait for the error to go; write what it saw
-- as JSON to $OUT.
local recap, notes, out = os.getenv('RECAP'), os.getenv('NOTES'), os.getenv('OUT')
local line = tonumber(os.getenv('LINE')) -- 0-based line of the misspelt owner
local result = {}
local function finish()
  local f = assert(io.open(out, 'w'))
  f:write(vim.fn.json_encode(result))
  f:close()
  vim.cmd('qa!')
end
local ok, err = pcall(function()
  vim.cmd('edit ' .. vim.fn.fnameescape(notes))
  local buf = vim.api.nvim_get_current_buf()
  local id = vim.lsp.start_client({ name = 'recap', cmd = { recap, 'lsp', '--no-system-fonts' }, root_dir = vim.fn.fnamemodify(notes, ':p:h') })
  assert(id, 'the client did not start')
  vim.lsp.buf_attach_client(buf, id)
  local errors = function() return vim.diagnostic.get(buf, { severity = vim.diagnostic.severity.ERROR }) end
  result.waited = vim.wait(20000, function() return #errors() > 0 end, 20)
  result.diagnostics = {}
  for _, d in ipairs(errors()) do
    table.insert(result.diagnostics, { lnum = d.lnum, col = d.col, end_col = d.end_col, message = d.message, source = d.source,
      code = d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code) })
  end
  local uri = vim.uri_from_bufnr(buf)
  local text = vim.api.nvim_buf_get_lines(buf, line, line + 1, false)[1]
  local at = string.find(text, '"', 1, true) -- on the owner's value
  local defs
  result.definition = {}
  -- The definition of the first `if` that names an action.
  for l = 0, vim.api.nvim_buf_line_count(buf) - 1 do
    local t = vim.api.nvim_buf_get_lines(buf, l, l + 1, false)[1] or ''
    local q = string.find(t, '^if%s*=%s*"') and not string.find(t, '"signing"', 1, true)
    if q then
      local c = string.find(t, '"', 1, true)
      defs = vim.lsp.buf_request_sync(buf, 'textDocument/definition', { textDocument = { uri = uri }, position = { line = l, character = c } }, 10000)
      for _, r in pairs(defs or {}) do
        for _, loc in ipairs(r.result or {}) do
          table.insert(result.definition, { line = loc.range.start.line, from = l })
        end
      end
      break
    end
  end
  local comp = vim.lsp.buf_request_sync(buf, 'textDocument/completion', { textDocument = { uri = uri }, position = { line = line, character = at } }, 10000)
  result.completion = {}
  for _, r in pairs(comp or {}) do
    local items = r.result and (r.result.items or r.result) or {}
    for _, it in ipairs(items) do table.insert(result.completion, it.label) end
  end
  -- The outline, as :lua vim.lsp.buf.document_symbol() lists it: the
  -- client's own conversion of the symbols into list items.
  local syms = vim.lsp.buf_request_sync(buf, 'textDocument/documentSymbol', { textDocument = { uri = uri } }, 10000)
  result.outline = {}
  for _, r in pairs(syms or {}) do
    for _, it in ipairs(vim.lsp.util.symbols_to_items(r.result or {}, buf)) do
      table.insert(result.outline, { text = it.text, lnum = it.lnum })
    end
  end
  -- Type the fix: the error goes, as the client sends the change.
  vim.api.nvim_buf_set_lines(buf, line, line + 1, false, { (string.gsub(text, '"anna"', '"ana"')) })
  result.fixed = vim.wait(20000, function() return #errors() == 0 end, 20)
  vim.lsp.stop_client(id)
end)
result.ok, result.err = ok, err and tostring(err) or nil
finish()
