-- Runs the documented Neovim snippet (integrations/neovim/rightfit.lua, shown in
-- docs/editors.md) as a user's init.lua would, opens one file of each kind and writes to $RF_OUT
-- (JSON) which rightfit clients each buffer got, and the diagnostics published for one of them.
-- Used by tests/neovim_lsp_test.cpp.
--   RF_SNIPPET  the snippet          RF_FILES  files to open, separated by newlines
--   RF_OUT      where to write       RF_DIAGNOSED  the file whose diagnostics to wait for
local env = vim.env
local report = { errors = {}, buffers = {} }

local published = {}
local on_publish = vim.lsp.handlers['textDocument/publishDiagnostics']
vim.lsp.handlers['textDocument/publishDiagnostics'] = function(err, result, ctx, config)
  published[result.uri] = result
  return on_publish(err, result, ctx, config)
end

local function clients_of(bufnr)
  if vim.lsp.get_clients then return vim.lsp.get_clients({ bufnr = bufnr }) end
  return vim.tbl_values(vim.lsp.buf_get_clients(bufnr))
end

local function rightfit_client_of(bufnr)
  for _, client in ipairs(clients_of(bufnr)) do
    if client.name == 'rightfit' then return client.id end
  end
  return nil
end

local function run()
  vim.cmd('filetype on') -- what `-u NONE` leaves off and every user's Neovim has on
  dofile(env.RF_SNIPPET)
  for file in string.gmatch(env.RF_FILES, '[^\n]+') do
    vim.cmd('edit ' .. vim.fn.fnameescape(file))
    local bufnr = vim.api.nvim_get_current_buf()
    vim.wait(10000, function() return rightfit_client_of(bufnr) ~= nil end, 20)
    table.insert(report.buffers, {
      file = file, filetype = vim.bo[bufnr].filetype, client = rightfit_client_of(bufnr) or vim.NIL,
    })
  end
  local uri = vim.uri_from_fname(env.RF_DIAGNOSED)
  report.diagnosed = vim.wait(30000, function() return published[uri] ~= nil end, 20)
  report.diagnostics = published[uri] and published[uri].diagnostics or {}
  local ids = {}
  for _, b in ipairs(report.buffers) do
    if b.client ~= vim.NIL then ids[b.client] = true end
  end
  for id in pairs(ids) do vim.lsp.stop_client(id) end
  report.stopped = vim.wait(10000, function()
    for id in pairs(ids) do
      if not vim.lsp.client_is_stopped(id) then return false end
    end
    return true
  end, 20)
end

local ok, err = pcall(run)
if not ok then table.insert(report.errors, tostring(err)) end
vim.fn.writefile({ vim.fn.json_encode(report) }, env.RF_OUT)
vim.cmd('qall!')
