-- Drives `rightfit lsp` from Neovim's built-in LSP client (headless) and writes what the
-- editor received to $RF_OUT as JSON. Used by tests/neovim_lsp_test.cpp.
--   RIGHTFIT_BIN  the rightfit binary    RF_ROOT  workspace directory
--   RF_FILE       the file to open       RF_OUT   where to write the JSON
--   RF_EDIT       "line,col_start,col_end,text" (0-based): an edit made and never saved
--   RF_FIX_RULE   a rule whose diagnostic (after the edit) has a quick fix: it is applied
local env = vim.env
local report = { errors = {} }

local function run()
  local published = {}
  local client_id = vim.lsp.start_client({
    name = 'rightfit',
    cmd = { env.RIGHTFIT_BIN, 'lsp' },
    root_dir = env.RF_ROOT,
    handlers = {
      ['textDocument/publishDiagnostics'] = function(err, result, ctx, config)
        published[result.uri] = result
        return vim.lsp.diagnostic.on_publish_diagnostics(err, result, ctx, config)
      end,
    },
  })
  assert(client_id, 'start_client failed')
  vim.cmd('edit ' .. vim.fn.fnameescape(env.RF_FILE))
  local bufnr = vim.api.nvim_get_current_buf()
  assert(vim.lsp.buf_attach_client(bufnr, client_id), 'buf_attach_client failed')
  local uri = vim.uri_from_bufnr(bufnr)

  report.opened_received = vim.wait(30000, function() return published[uri] ~= nil end, 20)
  report.opened = published[uri] and published[uri].diagnostics or {}
  report.client_diagnostics = {}
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    table.insert(report.client_diagnostics, {
      lnum = d.lnum, col = d.col, severity = d.severity, source = d.source, message = d.message,
    })
  end

  local first = report.opened[1]
  if first then
    local hover = vim.lsp.buf_request_sync(bufnr, 'textDocument/hover', {
      textDocument = { uri = uri }, position = first.range.start,
    }, 10000)
    report.hover = hover and hover[client_id] and hover[client_id].result or vim.NIL
    local actions = vim.lsp.buf_request_sync(bufnr, 'textDocument/codeAction', {
      textDocument = { uri = uri }, range = first.range,
      context = { diagnostics = { first } },
    }, 10000)
    report.code_actions = actions and actions[client_id] and actions[client_id].result or {}
  end

  -- Edit the buffer (never saved): the server must analyse the editor's text.
  local line, from, to, text = string.match(env.RF_EDIT, '^(%d+),(%d+),(%d+),(.*)$')
  published[uri] = nil
  vim.api.nvim_buf_set_text(bufnr, tonumber(line), tonumber(from), tonumber(line), tonumber(to),
                            { text })
  report.edited_received = vim.wait(30000, function() return published[uri] ~= nil end, 20)
  report.edited = published[uri] and published[uri].diagnostics or {}
  report.modified = vim.bo[bufnr].modified

  -- The quick fix of the RF_FIX_RULE diagnostic: its WorkspaceEdit applied to the buffer.
  local target
  for _, d in ipairs(report.edited) do
    if d.code == env.RF_FIX_RULE then target = d end
  end
  assert(target, 'no ' .. tostring(env.RF_FIX_RULE) .. ' diagnostic after the edit')
  local fixes = vim.lsp.buf_request_sync(bufnr, 'textDocument/codeAction', {
    textDocument = { uri = uri }, range = target.range,
    context = { diagnostics = { target } },
  }, 10000)
  local fix
  for _, a in ipairs(fixes and fixes[client_id] and fixes[client_id].result or {}) do
    if not fix and a.kind == 'quickfix' and a.edit and
        not string.find(a.title, 'rightfit:ignore', 1, true) then
      fix = a
    end
  end
  assert(fix, 'no quick fix for ' .. env.RF_FIX_RULE)
  report.fix_title = fix.title
  published[uri] = nil
  vim.lsp.util.apply_workspace_edit(fix.edit, vim.lsp.get_client_by_id(client_id).offset_encoding)
  report.fixed_text = table.concat(vim.api.nvim_buf_get_lines(bufnr, 0, -1, false), '\n') .. '\n'
  report.fixed_received = vim.wait(30000, function() return published[uri] ~= nil end, 20)
  report.fixed = published[uri] and published[uri].diagnostics or {}

  vim.lsp.stop_client(client_id)
  report.stopped = vim.wait(10000, function() return vim.lsp.client_is_stopped(client_id) end, 20)
end

local ok, err = pcall(run)
if not ok then table.insert(report.errors, tostring(err)) end
local out = io.open(env.RF_OUT, 'w')
out:write(vim.fn.json_encode(report))
out:close()
vim.cmd('qall!')
