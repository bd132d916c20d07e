-- rightfit's language server (`rightfit lsp`) in Neovim 0.7.2 (Debian 12) and later.
-- Put it in your init.lua, or `dofile()` this file from there. `rightfit` must be on PATH.
local filetypes = {
  'yaml', 'json', 'terraform', 'hcl', 'dockerfile',
  'python', 'javascript', 'javascriptreact', 'typescript', 'typescriptreact', 'cpp', 'c',
}

-- The project: the nearest directory above the file holding .rightfit.yaml or .git. None: the
-- server analyses the file alone.
local function project_of(bufnr)
  local dir = vim.fn.fnamemodify(vim.api.nvim_buf_get_name(bufnr), ':p:h')
  while true do
    for _, marker in ipairs({ '.rightfit.yaml', '.git' }) do
      if vim.loop.fs_stat(dir .. '/' .. marker) then return dir end
    end
    local parent = vim.fn.fnamemodify(dir, ':h')
    if parent == dir then return nil end
    dir = parent
  end
end

local started = {} -- Neovim 0.7: one client per project, project -> client id

local function attach(args)
  local bufnr = args.buf
  if vim.bo[bufnr].buftype ~= '' then return end
  local root = project_of(bufnr)
  local config = { name = 'rightfit', cmd = { 'rightfit', 'lsp' }, root_dir = root }
  if vim.lsp.start then -- 0.8 and later: starts a client or reuses the one for this root
    vim.api.nvim_buf_call(bufnr, function() vim.lsp.start(config, { bufnr = bufnr }) end)
    return
  end
  local key = root or ''
  local id = started[key]
  if not id or vim.lsp.client_is_stopped(id) then
    id = vim.lsp.start_client(config)
    started[key] = id
  end
  if id then vim.lsp.buf_attach_client(bufnr, id) end
end

vim.api.nvim_create_autocmd('FileType', {
  group = vim.api.nvim_create_augroup('rightfit', { clear = true }),
  pattern = filetypes,
  callback = attach,
})
