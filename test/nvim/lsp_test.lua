-- Headless Neovim (0.7 API) end-to-end test of the policy-lens language server.
--
-- Run by test/nvim/run.sh:  nvim --headless --clean -c 'luafile test/nvim/lsp_test.lua'
-- Prints one "PASS name" or "FAIL name: reason" line per check on stdout, then quits with
-- `qall!` when every check passed, `cquit 1` otherwise.
--
-- The workspace is a temporary copy of examples/policy-draft.md (opened) and of
-- test/fixtures/drafts/think-tank-brief.md (never opened: the server finds it by indexing); a second
-- part runs on a copy of test/fixtures/workspace-lexicon (a workspace's own lexicon and source).
-- Expected values come from the repository's own data: the drafts' hand-made ground truth
-- (*.expected.json), server/data/lexicon.yaml and server/data/source/paper.md.

local root = os.getenv('POLICY_LENS_ROOT') or vim.fn.getcwd()
local failures, passes = 0, 0

local function out(line)
  io.stdout:write(line .. '\n')
  io.stdout:flush()
end

local function check(name, ok, reason)
  if ok then
    passes = passes + 1
    out('PASS ' .. name)
  else
    failures = failures + 1
    out('FAIL ' .. name .. ': ' .. tostring(reason))
  end
end

-- The server's stderr reaches Neovim 0.7's LSP log only: remember where this run starts in it.
local log_path = vim.lsp.get_log_path()
local log_start = math.max(vim.fn.getfsize(log_path), 0)

--- What the server wrote on stderr during this run (from the LSP log), for failure messages.
local function server_stderr()
  local f = io.open(log_path, 'r')
  if not f then return '(no LSP log)' end
  f:seek('set', log_start)
  local text = f:read('*a') or ''
  f:close()
  local lines = {}
  for line in text:gmatch('[^\n]+') do
    if line:find('"stderr"', 1, true) then table.insert(lines, (line:gsub('^.-"stderr"%s*', ''))) end
  end
  return #lines > 0 and table.concat(lines, ' ') or '(nothing on stderr)'
end

local function read_lines(path)
  return vim.fn.readfile(path)
end

local function ends_with(s, suffix)
  return type(s) == 'string' and s:sub(-#suffix) == suffix
end

-- The term whose answers are checked, and where the draft has it: 加快培育数据要素 (data elements) 市场.
local TERM = '数据要素'
local DRAFT_LINE, DRAFT_CHAR = 60, 5 -- 0-based, UTF-16: inside 数据要素 at 60:4-60:8

--- Occurrences of a concept in a draft's hand-made ground truth.
local function expected_count(json_path, term)
  local list = vim.fn.json_decode(table.concat(read_lines(json_path), '\n'))
  local n = 0
  for _, a in ipairs(list) do
    if a.term == term then n = n + 1 end
  end
  return n
end

--- The Chinese definition of a term in server/data/lexicon.yaml (the first `zh:` after `term: <term>`).
local function lexicon_definition(term)
  local lines = read_lines(root .. '/server/data/lexicon.yaml')
  local found = false
  for _, line in ipairs(lines) do
    if not found and line:match('^%s+term:%s*' .. vim.pesc(term) .. '%s*$') then
      found = true
    elseif found then
      local zh = line:match('^%s+zh:%s*(.-)%s*$')
      if zh then return zh end
    end
  end
  return nil
end

--- 0-based line of the first paragraph after a heading of the paper (where a concept is defined).
local function paper_paragraph_after(heading)
  local lines = read_lines(root .. '/server/data/source/paper.md')
  for i, line in ipairs(lines) do
    if line == heading then
      for j = i + 1, #lines do
        if lines[j] ~= '' then return j - 1 end
      end
    end
  end
  return nil
end

local function run()
  -- 1. The workspace: a temporary folder with the two drafts.
  local ws = vim.fn.tempname() .. '-policy-lens'
  vim.fn.mkdir(ws, 'p')
  local draft = ws .. '/policy-draft.md'
  local brief = ws .. '/think-tank-brief.md'
  vim.fn.writefile(vim.fn.readfile(root .. '/examples/policy-draft.md', 'b'), draft, 'b')
  vim.fn.writefile(vim.fn.readfile(root .. '/test/fixtures/drafts/think-tank-brief.md', 'b'), brief, 'b')

  -- 2. The client, started the 0.7 way.
  local exited = false
  -- Diagnostics publications for the draft, counted so a check can wait for the next one.
  local publications = 0
  local client_id = vim.lsp.start_client({
    name = 'policy-lens',
    cmd = { 'node', root .. '/bin/policy-lens.js', 'lsp', '--stdio' },
    root_dir = ws,
    -- Neovim 0.7 does not advertise workspace/configuration: the server reads its settings here.
    init_options = { settings = { consistency = { level = 'information' } } },
    handlers = {
      ['textDocument/publishDiagnostics'] = function(err, result, ctx, config)
        if result and ends_with(result.uri, '/policy-draft.md') then publications = publications + 1 end
        return vim.lsp.diagnostic.on_publish_diagnostics(err, result, ctx, config)
      end,
    },
    on_exit = function() exited = true end,
  })
  check('start_client returns a client id', client_id ~= nil, 'vim.lsp.start_client returned nil')
  if not client_id then return ws end

  local initialized = vim.wait(20000, function()
    local c = vim.lsp.get_client_by_id(client_id)
    return (c ~= nil and c.initialized) or exited
  end, 20)
  local client = vim.lsp.get_client_by_id(client_id)
  check('the client initializes', initialized and client ~= nil and not exited, 'no initialize answer within 20 s')
  if not client or exited then return ws end

  vim.cmd('edit ' .. vim.fn.fnameescape(draft))
  local bufnr = vim.api.nvim_get_current_buf()
  vim.lsp.buf_attach_client(bufnr, client_id)

  -- The server indexes the folder at `initialized`, reporting work-done progress: wait for its end.
  local indexed = vim.wait(20000, function()
    for _, p in pairs(client.messages.progress) do
      if p.title == 'Policy Lens: indexing drafts' and p.done then return true end
    end
    return exited
  end, 20)
  check('the workspace is indexed (progress end)', indexed and not exited, 'no end of the indexing progress')

  local params = {
    textDocument = { uri = vim.uri_from_bufnr(bufnr) },
    position = { line = DRAFT_LINE, character = DRAFT_CHAR },
  }

  -- 3. Hover: the term's heading and its Chinese definition from the lexicon.
  local definition_zh = lexicon_definition(TERM)
  local hover, herr = client.request_sync('textDocument/hover', params, 10000, bufnr)
  local value = hover and hover.result and hover.result.contents and hover.result.contents.value
  check(
    'hover shows ' .. TERM .. ' and its definition',
    type(value) == 'string' and value:find('### ' .. TERM .. ' · data elements', 1, true) == 1 and definition_zh ~= nil and value:find(definition_zh, 1, true) ~= nil,
    vim.inspect(hover and (hover.err or hover.result) or herr)
  )

  -- 4. Definition: server/data/source/paper.md, at the first paragraph of 二（二）.
  local defining_line = paper_paragraph_after('### （二）加速新型数据要素融合渗透形成新质生产力，激活经济高质量发展新动能')
  local def, derr = client.request_sync('textDocument/definition', params, 10000, bufnr)
  local loc = def and def.result
  if type(loc) == 'table' and loc[1] then loc = loc[1] end
  check(
    'definition is the defining paragraph of the paper (line ' .. tostring(defining_line) .. ')',
    type(loc) == 'table' and ends_with(loc.uri, '/server/data/source/paper.md') and loc.range.start.line == defining_line and loc.range.start.character == 0,
    vim.inspect(def and (def.err or def.result) or derr)
  )

  -- 5. References: every occurrence in the open draft, in the never-opened brief, and in the paper.
  local in_draft = expected_count(root .. '/examples/policy-draft.md.expected.json', TERM)
  local in_brief = expected_count(root .. '/test/fixtures/drafts/think-tank-brief.md.expected.json', TERM)
  local refs, rerr = client.request_sync('textDocument/references', vim.tbl_extend('force', params, { context = { includeDeclaration = true } }), 10000, bufnr)
  local counts = { draft = 0, brief = 0, paper = 0, other = 0 }
  for _, l in ipairs((refs and refs.result) or {}) do
    if ends_with(l.uri, '/policy-draft.md') then counts.draft = counts.draft + 1
    elseif ends_with(l.uri, '/think-tank-brief.md') then counts.brief = counts.brief + 1
    elseif ends_with(l.uri, '/server/data/source/paper.md') then counts.paper = counts.paper + 1
    else counts.other = counts.other + 1 end
  end
  local total = counts.draft + counts.brief + counts.paper + counts.other
  check(
    string.format('references: %d in the draft, %d in the unopened brief, some in the paper (>= %d in all)', in_draft, in_brief, in_draft + in_brief + 1),
    counts.draft == in_draft and counts.brief == in_brief and counts.paper >= 1 and counts.other == 0 and total >= in_draft + in_brief + 1,
    vim.inspect(refs and refs.err or rerr or counts)
  )

  -- 6. Settings: the variant terms of the draft (颠覆性创新…) are reported at the level given in
  -- init_options (information), then at the level pushed by workspace/didChangeConfiguration
  -- (warning; what nvim-lspconfig sends from on_init). Neovim 0.7 answers the server's
  -- workspace/semanticTokens/refresh with MethodNotFound: the server must survive that.
  local function severities()
    local set = {}
    for _, d in ipairs(vim.diagnostic.get(bufnr)) do set[d.severity] = (set[d.severity] or 0) + 1 end
    return set
  end
  vim.wait(10000, function() return publications > 0 or exited end, 20)
  local initial = severities()
  check(
    'init_options.settings: variants reported as information',
    initial[vim.diagnostic.severity.INFO] ~= nil and vim.tbl_count(initial) == 1,
    vim.inspect(initial)
  )

  local before = publications
  client.notify('workspace/didChangeConfiguration', { settings = { policyLens = { consistency = { level = 'warning' } } } })
  vim.wait(10000, function() return publications > before or exited end, 20)
  local answered = nil
  if not exited then
    client.request('textDocument/hover', params, function(err, result) answered = { err = err, result = result } end, bufnr)
    vim.wait(10000, function() return answered ~= nil or exited end, 20)
  end
  check(
    'after workspace/didChangeConfiguration the server re-publishes diagnostics and still answers',
    publications > before and not exited and answered ~= nil and answered.result ~= nil,
    exited and ('the server exited; its stderr: ' .. server_stderr()) or vim.inspect(answered and answered.err)
  )
  local pushed = severities()
  check(
    'settings pushed by workspace/didChangeConfiguration apply: variants reported as warnings',
    pushed[vim.diagnostic.severity.WARN] ~= nil and vim.tbl_count(pushed) == 1,
    'severities after the push: ' .. vim.inspect(pushed) .. ' (1 error, 2 warning, 3 information, 4 hint)'
  )

  -- 7. Turning a tag off: the code action "Don't tag 数据要素 in this document" is a versioned
  -- WorkspaceEdit (documentChanges) that Neovim applies itself; the draft has front matter (lines
  -- 0-5), so the comment goes after it, and the draft's 数据要素 is no longer tagged.
  local range = { start = params.position, ['end'] = params.position }
  local ca, caerr = client.request_sync('textDocument/codeAction', { textDocument = params.textDocument, range = range, context = { diagnostics = {} } }, 10000, bufnr)
  local action = nil
  for _, a in ipairs((ca and ca.result) or {}) do
    if a.title == 'Don’t tag “' .. TERM .. '” in this document' then action = a end
  end
  check(
    'code action "Don’t tag ' .. TERM .. ' in this document" is a versioned edit',
    action ~= nil and action.edit ~= nil and action.edit.documentChanges ~= nil and action.edit.documentChanges[1].textDocument.version ~= nil,
    vim.inspect(ca and (ca.err or ca.result) or caerr)
  )
  if action then
    vim.lsp.util.apply_workspace_edit(action.edit, client.offset_encoding)
    local top = vim.api.nvim_buf_get_lines(bufnr, 5, 9, false)
    check(
      'Neovim applies it: the ignore comment follows the front matter',
      vim.deep_equal(top, { '---', '', '<!-- policy-lens: ignore ' .. TERM .. ' -->', '' }),
      vim.inspect(top)
    )
    -- Once the server has the edited version (a newer version in the Concepts view's answer), the
    -- view lists no 数据要素, and the term (two lines further down now) has no hover.
    local edited_version = action.edit.documentChanges[1].textDocument.version
    local last = nil
    local seen = vim.wait(10000, function()
      if exited then return true end
      last = client.request_sync('policyLens/documentConcepts', { uri = params.textDocument.uri }, 5000, bufnr)
      return last ~= nil and last.result ~= nil and last.result.version > edited_version
    end, 50)
    local listed = false
    for _, k in ipairs((last and last.result and last.result.concepts) or {}) do
      if k.term == TERM then listed = true end
    end
    local moved = { textDocument = params.textDocument, position = { line = DRAFT_LINE + 2, character = DRAFT_CHAR } }
    local h = client.request_sync('textDocument/hover', moved, 5000, bufnr)
    check(
      'after the edit, ' .. TERM .. ' is not in the Concepts view and has no hover',
      seen and not exited and not listed and h ~= nil and h.err == nil and h.result == nil,
      vim.inspect({ concepts = last and last.result, hover = h })
    )
  end

  -- 8. Shut down: shutdown + exit, and wait for the process to end.
  vim.lsp.stop_client(client_id)
  vim.wait(10000, function() return exited or vim.lsp.client_is_stopped(client_id) end, 20)
  return ws
end

-- Quotations (issue 12): a draft quoting the paper with one changed word gets a `misquotation`
-- warning that shows the paper's wording; a separate client on its own workspace, so this block does
-- not depend on the checks above.
local function run_quotations()
  local ws = vim.fn.tempname() .. '-policy-lens-quote'
  vim.fn.mkdir(ws, 'p')
  local path = ws .. '/quote.md'
  -- 二（二）第1段 of the paper, with 显著提升 changed to 大幅提升.
  local sentence = '数据要素的有效利用和融合渗透能够显著提升传统生产要素的增值空间，同时为经济社会带来多维度和深层次的高质量发展。'
  local changed = sentence:gsub('显著提升', '大幅提升')
  vim.fn.writefile({ '# 引文', '', '朱浩然认为，“' .. changed .. '”' }, path)
  local exited = false
  local diagnostics = nil
  local client_id = vim.lsp.start_client({
    name = 'policy-lens-quotations',
    cmd = { 'node', root .. '/bin/policy-lens.js', 'lsp', '--stdio' },
    root_dir = ws,
    handlers = {
      ['textDocument/publishDiagnostics'] = function(err, result, ctx, config)
        if result and ends_with(result.uri, '/quote.md') then diagnostics = result.diagnostics end
        return vim.lsp.diagnostic.on_publish_diagnostics(err, result, ctx, config)
      end,
    },
    on_exit = function() exited = true end,
  })
  if not client_id then
    check('quotations: start_client returns a client id', false, 'vim.lsp.start_client returned nil')
    return ws
  end
  vim.cmd('edit ' .. vim.fn.fnameescape(path))
  local bufnr = vim.api.nvim_get_current_buf()
  vim.lsp.buf_attach_client(bufnr, client_id)
  vim.wait(20000, function() return diagnostics ~= nil or exited end, 20)
  local found = nil
  for _, d in ipairs(diagnostics or {}) do
    if d.code == 'misquotation' then found = d end
  end
  -- The quoted text is 2:7 to 2:7 + its length in UTF-16 code units (every character here is one).
  local length = vim.fn.strchars(sentence)
  check(
    'quotations: the misquotation diagnostic shows the paper’s wording, on the quoted text',
    found ~= nil and found.severity == 2 and found.range.start.line == 2 and found.range.start.character == 7
      and found.range['end'].character == 7 + length
      and found.message:find('［大幅→显著］', 1, true) ~= nil and found.message:find('Section 2.2, paragraph 1', 1, true) ~= nil,
    exited and ('the server exited; its stderr: ' .. server_stderr()) or vim.inspect(diagnostics)
  )
  local shown = vim.diagnostic.get(bufnr)
  check('quotations: Neovim shows it among the buffer’s diagnostics', #shown == 1 and shown[1].severity == vim.diagnostic.severity.WARN, vim.inspect(shown))
  vim.lsp.stop_client(client_id)
  vim.wait(10000, function() return exited or vim.lsp.client_is_stopped(client_id) end, 20)
  return ws
end

--- Copies a file byte for byte, creating its folder.
local function copy_file(from, to)
  vim.fn.mkdir(vim.fn.fnamemodify(to, ':h'), 'p')
  vim.fn.writefile(vim.fn.readfile(from, 'b'), to, 'b')
end

-- A workspace with its own lexicon and source text (test/fixtures/workspace-lexicon, issue 9), plus a
-- second lexicon file that does not parse: the workspace's concept has a hover from its own lexicon,
-- its synonym a consistency diagnostic, the broken file a diagnostic of its own, and the shipped
-- concepts keep working.
local function run_user_lexicon()
  local fixture = root .. '/test/fixtures/workspace-lexicon'
  local ws = vim.fn.tempname() .. '-policy-lens-lexicon'
  for _, rel in ipairs({ '.policy-lens/lexicon.yaml', '.policy-lens/sources/cluster-notes.md', 'drafts/report.md' }) do
    copy_file(fixture .. '/' .. rel, ws .. '/' .. rel)
  end
  local broken = ws .. '/.policy-lens/broken.yaml'
  -- A key given twice, on line 4 (0-based): the YAML error is reported there.
  vim.fn.writefile({ 'version: 1', 'concepts:', '  - id: broken', '    term: 甲', '    term: 乙' }, broken)
  local draft = ws .. '/drafts/report.md'

  local exited = false
  local published = {}
  local client_id = vim.lsp.start_client({
    name = 'policy-lens-lexicon',
    cmd = { 'node', root .. '/bin/policy-lens.js', 'lsp', '--stdio' },
    root_dir = ws,
    handlers = {
      ['textDocument/publishDiagnostics'] = function(err, result, ctx, config)
        if result then published[vim.uri_to_fname(result.uri)] = result.diagnostics end
        return vim.lsp.diagnostic.on_publish_diagnostics(err, result, ctx, config)
      end,
    },
    on_exit = function() exited = true end,
  })
  check('user lexicon: start_client returns a client id', client_id ~= nil, 'vim.lsp.start_client returned nil')
  if not client_id then return ws end
  vim.wait(20000, function()
    local c = vim.lsp.get_client_by_id(client_id)
    return (c ~= nil and c.initialized) or exited
  end, 20)
  local client = vim.lsp.get_client_by_id(client_id)
  if not client or exited then
    check('user lexicon: the client initializes', false, 'no initialize answer; stderr: ' .. server_stderr())
    return ws
  end
  vim.cmd('edit ' .. vim.fn.fnameescape(draft))
  local bufnr = vim.api.nvim_get_current_buf()
  vim.lsp.buf_attach_client(bufnr, client_id)
  local uri = vim.uri_from_bufnr(bufnr)

  -- Line 2 is 一、推动产业集群提质升级，培育低空经济新增长点。 (0-based, UTF-16): 产业集群 at 2:4-2:8.
  -- The server loads the workspace's lexicons at start (deriving pinyin and traditional forms takes
  -- seconds on a busy machine); until then it answers with the shipped concepts. Ask until the
  -- workspace's concept answers, with a guard.
  local hover, value = nil, nil
  vim.wait(30000, function()
    hover = client.request_sync('textDocument/hover', { textDocument = { uri = uri }, position = { line = 2, character = 5 } }, 10000, bufnr)
    value = hover and hover.result and hover.result.contents and hover.result.contents.value
    return type(value) == 'string' or exited
  end, 200)
  check(
    'user lexicon: hover on 产业集群 shows the workspace lexicon’s concept and definition',
    type(value) == 'string' and value:find('### 产业集群 · industrial clusters', 1, true) == 1
      and value:find('同一产业链上的企业和机构在一定地域内集中布局、分工协作而形成的产业组织形态。', 1, true) ~= nil,
    vim.inspect(hover) .. ' stderr: ' .. server_stderr()
  )
  -- Line 4 is 二、加快数据要素市场建设，壮大产业群。: 数据要素 (shipped) at 4:4, 产业群 (a synonym) at 4:15-4:18.
  local shipped = client.request_sync('textDocument/hover', { textDocument = { uri = uri }, position = { line = 4, character = 5 } }, 10000, bufnr)
  local shipped_value = shipped and shipped.result and shipped.result.contents and shipped.result.contents.value
  check(
    'user lexicon: the shipped concepts still work beside a broken lexicon (hover on 数据要素)',
    type(shipped_value) == 'string' and shipped_value:find('### 数据要素 · data elements', 1, true) == 1,
    vim.inspect(shipped and (shipped.err or shipped.result))
  )
  vim.wait(10000, function()
    local d = published[draft]
    return (d ~= nil and #d > 0) or exited
  end, 20)
  local variant = nil
  for _, d in ipairs(published[draft] or {}) do
    if d.range.start.line == 4 and d.range.start.character == 15 and d.range['end'].character == 18 then variant = d end
  end
  check(
    'user lexicon: 产业群 gets a consistency diagnostic at 4:15-4:18',
    variant ~= nil and variant.message:find('产业集群', 1, true) ~= nil,
    vim.inspect(published[draft])
  )
  vim.wait(10000, function() return published[broken] ~= nil or exited end, 20)
  local problem = (published[broken] or {})[1]
  check(
    'user lexicon: the broken lexicon file gets a diagnostic at its repeated key (4:4-4:5)',
    problem ~= nil and problem.source == 'policy-lens' and problem.severity == 1 and problem.code == 'yaml-syntax'
      and problem.range.start.line == 4 and problem.range.start.character == 4 and problem.range['end'].character == 5,
    vim.inspect(published[broken]) .. ' stderr: ' .. server_stderr()
  )
  vim.lsp.stop_client(client_id)
  vim.wait(10000, function() return exited or vim.lsp.client_is_stopped(client_id) end, 20)
  return ws
end

local ok, result = pcall(run)
if not ok then
  failures = failures + 1
  out('FAIL the test script raised an error: ' .. tostring(result))
elseif type(result) == 'string' then
  vim.fn.delete(result, 'rf')
end
local lexicon_ok, lexicon_result = pcall(run_user_lexicon)
if not lexicon_ok then
  failures = failures + 1
  out('FAIL the user-lexicon part raised an error: ' .. tostring(lexicon_result))
elseif type(lexicon_result) == 'string' then
  vim.fn.delete(lexicon_result, 'rf')
end

local quote_ok, quote_result = pcall(run_quotations)
if not quote_ok then
  failures = failures + 1
  out('FAIL the quotations block raised an error: ' .. tostring(quote_result))
elseif type(quote_result) == 'string' then
  vim.fn.delete(quote_result, 'rf')
end
out(string.format('nvim: %d checks passed, %d failed', passes, failures))
if failures > 0 then
  vim.cmd('cquit 1')
else
  vim.cmd('qall!')
end
