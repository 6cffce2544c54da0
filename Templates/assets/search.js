// telemetry-site static search. The index under search/ is loaded with <script> elements, so it
// works from any static host and from file:// (where fetch is refused); every file hands its
// data to TS_SEARCH_LOAD. The query lives in the page's address (a GET form), so a result set
// is a permalink and Back returns to the previous query. Values are only ever set as text.
(function () {
  "use strict";
  var PAGE = 50;
  var TRADE_LIMIT = 200;
  var PART_LIMIT = 200; // trades a part of an id finds, at most
  var PART_ROWS = 10; // of those, the trades whose rows are loaded
  var pending = {};

  window.TS_SEARCH_LOAD = function (name, data) {
    var entry = pending[name];
    if (entry && !entry.done) {
      entry.done = true;
      entry.resolve(data);
    }
  };

  function load(name) {
    if (pending[name]) return pending[name].promise;
    var entry = { done: false };
    entry.promise = new Promise(function (resolve, reject) {
      entry.resolve = resolve;
      entry.reject = reject;
    });
    pending[name] = entry;
    var script = document.createElement("script");
    script.src = "search/" + name.split("/").map(encodeURIComponent).join("/") + ".js";
    script.onload = function () {
      script.remove();
      if (!entry.done) entry.reject(new Error("search/" + name + ".js is not part of this index"));
    };
    script.onerror = function () {
      script.remove();
      entry.reject(new Error("search/" + name + ".js could not be loaded"));
    };
    document.head.appendChild(script);
    return entry.promise;
  }

  // Keys: ASCII letters lowercased; compared by code point (the UTF-8 byte order the index uses).
  function key(text) {
    return text.replace(/[A-Z]/g, function (c) { return c.toLowerCase(); });
  }

  function cmp(a, b) {
    var i = 0, j = 0;
    while (i < a.length && j < b.length) {
      var x = a.codePointAt(i), y = b.codePointAt(j);
      if (x !== y) return x < y ? -1 : 1;
      i += x > 0xffff ? 2 : 1;
      j += y > 0xffff ? 2 : 1;
    }
    return i < a.length ? 1 : j < b.length ? -1 : 0;
  }

  // The links whose range [first, next first) may hold keys starting with prefix.
  function spans(links, prefix) {
    var out = [];
    for (var i = 0; i < links.length; i++) {
      var next = links[i + 1];
      if (next && cmp(next[0], prefix) < 0) continue;
      if (cmp(links[i][0], prefix) > 0 && links[i][0].indexOf(prefix) !== 0) break;
      out.push(links[i]);
    }
    return out;
  }

  // Trades whose key starts with prefix, in key order, at most TRADE_LIMIT (exact: only those
  // whose key is prefix, and no chunk after them is read).
  async function findTrades(prefix, exact) {
    var found = [];
    var top = await load("trades/index");
    for (var list of spans(top, prefix)) {
      var chunks = await load("trades/l/" + list[2]);
      for (var chunk of spans(chunks, prefix)) {
        var entries = await load("trades/c/" + chunk[2]);
        for (var entry of entries) {
          if (exact && cmp(key(entry[0]), prefix) > 0) return found;
          if (key(entry[0]).indexOf(prefix) !== 0) continue;
          found.push(entry);
          if (found.length >= TRADE_LIMIT) return found;
        }
      }
    }
    return found;
  }

  // The trades (ids, in key order, at most PART_LIMIT) with a part of their key after the first
  // character that begins with `part` (search/parts: one sorted run per block, read depth first).
  async function findParts(part) {
    var index = await load("parts/index");
    if (Array.from(part).length < index.minimum) return [];
    var found = new Set();
    async function walk(links, depth) {
      for (var link of spans(links, part)) {
        if (found.size >= PART_LIMIT) return;
        var items = await load("parts/" + link[1]);
        if (depth > 0) {
          await walk(items, depth - 1);
          continue;
        }
        items.forEach(function (e) {
          if (found.size < PART_LIMIT && Array.from(key(e[0])).slice(e[1]).join("").indexOf(part) === 0) found.add(e[0]);
        });
      }
    }
    await Promise.all(index.blocks.map(function (block) { return walk(block[4], block[3]); }));
    return Array.from(found).sort(function (a, b) { return cmp(key(a), key(b)) || cmp(a, b); });
  }

  // The trade index entry of one trade id (null when the index has none).
  async function findTrade(id) {
    var entries = await findTrades(key(id), true);
    return entries.find(function (e) { return e[0] === id; }) || null;
  }

  // Trades whose id begins with q, then those with q elsewhere in their id: the entries (rows of
  // at most PART_ROWS of the latter) and a note when not every trade found is shown.
  async function searchTrades(q) {
    var entries = await findTrades(key(q));
    if (entries.length >= TRADE_LIMIT) return { entries: entries, note: "the first " + TRADE_LIMIT + " matching trades" };
    var have = new Set(entries.map(function (e) { return e[0]; }));
    var ids = (await findParts(key(q))).filter(function (id) { return !have.has(id); });
    var more = await Promise.all(ids.slice(0, PART_ROWS).map(findTrade));
    entries = entries.concat(more.filter(Boolean));
    var note = "";
    if (ids.length > PART_ROWS) {
      note = "rows of " + PART_ROWS + " of the " + (ids.length >= PART_LIMIT ? grouped(PART_LIMIT) + " or more" : grouped(ids.length)) +
        " trades with it inside their id; type more of the id to narrow it";
    }
    return { entries: entries, note: note };
  }

  // 12345 → "12,345", as the pages write counts.
  function grouped(n) { return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ","); }

  // "1 row matches", "2,345 rows match".
  function matches(n) { return grouped(n) + (n === 1 ? " row matches" : " rows match"); }

  function params() {
    var query = new URLSearchParams(location.search);
    var get = function (name) { return (query.get(name) || "").trim(); };
    return {
      q: get("q").slice(0, 200), event: get("event"), source: get("source"), error: get("error"),
      group: get("group"), from: get("from"), to: get("to"), msmin: get("msmin"), msmax: get("msmax"),
      page: Math.max(1, parseInt(get("page"), 10) || 1), query: query,
    };
  }

  // Facet tests. A row or combination is [event, backfill, group, bucket]; `skip` leaves one
  // facet out (for that facet's own counts).
  function matcher(p, buckets, groups, skip) {
    var low = p.msmin === "" ? null : buckets.indexOf(Number(p.msmin));
    var high = p.msmax === "" ? null : buckets.indexOf(Number(p.msmax));
    return function (event, backfill, group, bucket) {
      if (skip !== "event" && p.event && event !== p.event) return false;
      if (skip !== "source" && p.source && (p.source === "backfill") !== (backfill === 1)) return false;
      if (skip !== "error" && p.error && (p.error === "yes") !== (group !== "")) return false;
      if (skip !== "group" && p.group && group !== p.group) return false;
      if (groups && group && !groups.has(group)) return false;
      if (groups && !group) return false;
      if (skip !== "ms" && low !== null && (bucket < 0 || bucket < low)) return false;
      if (skip !== "ms" && high !== null && (bucket < 0 || bucket >= high)) return false;
      return true;
    };
  }

  function inRange(p, day) {
    if (!p.from && !p.to) return true;
    if (day === "undated") return false;
    return (!p.from || day >= p.from) && (!p.to || day <= p.to);
  }

  // Counts per facet value from [event, backfill, group, bucket, count] combinations.
  function facetCounts(p, buckets, groups, combos) {
    var counts = { event: {}, source: {}, error: {}, group: {}, ms: {}, total: 0 };
    var tests = {};
    ["event", "source", "error", "group", "ms", ""].forEach(function (facet) {
      tests[facet] = matcher(p, buckets, groups, facet);
    });
    var add = function (table, value, n) { table[value] = (table[value] || 0) + n; };
    combos.forEach(function (c) {
      var e = c[0], b = c[1], g = c[2], k = c[3], n = c[4];
      if (tests[""](e, b, g, k)) counts.total += n;
      if (tests.event(e, b, g, k)) add(counts.event, e, n);
      if (tests.source(e, b, g, k)) add(counts.source, b === 1 ? "backfill" : "live", n);
      if (tests.error(e, b, g, k)) add(counts.error, g ? "yes" : "no", n);
      if (tests.group(e, b, g, k) && g) add(counts.group, g, n);
      if (tests.ms(e, b, g, k)) add(counts.ms, String(k), n);
    });
    return counts;
  }

  // Rows as the results show them: [id, day, time, trade, file, event, backfill, ms, group, error].
  function tradeRows(entries) {
    var rows = [];
    entries.forEach(function (entry) {
      entry[2].forEach(function (r) {
        rows.push([r[0], r[1], r[2], entry[0], entry[1], r[3], r[4], r[5], r[6], r[7]]);
      });
    });
    return rows;
  }

  function bucketOf(buckets, ms) {
    if (ms === null || ms === undefined) return -1;
    var index = 0;
    for (var i = 0; i < buckets.length; i++) if (buckets[i] <= ms) index = i;
    return index;
  }

  function newestFirst(a, b) {
    if (a[1] !== b[1]) return a[1] === "undated" ? 1 : b[1] === "undated" ? -1 : a[1] < b[1] ? 1 : -1;
    if (a[2] !== b[2]) return a[2] < b[2] ? 1 : -1;
    return b[0] - a[0];
  }

  // A trade search: every row of the matching trades, filtered and counted here.
  function answerTrades(p, meta, entries, note) {
    var buckets = meta.buckets;
    var rows = tradeRows(entries).filter(function (r) { return p.from || p.to ? inRange(p, r[1]) : true; });
    var combos = rows.map(function (r) { return [r[5], r[6], r[8], bucketOf(buckets, r[7]), 1]; });
    var test = matcher(p, buckets, null, "");
    var hits = rows.filter(function (r) { return test(r[5], r[6], r[8], bucketOf(buckets, r[7])); });
    hits.sort(newestFirst);
    return {
      counts: facetCounts(p, buckets, null, combos), total: hits.length,
      rows: hits.slice((p.page - 1) * PAGE, p.page * PAGE),
      note: note,
    };
  }

  // A facet search (optionally limited to the error groups the words found): exact counts from
  // the day summaries (or the whole table's), then only the chunks that hold a match.
  async function answerFacets(p, meta, groups) {
    var buckets = meta.buckets;
    var days = meta.days.filter(function (d) { return inRange(p, d[0]); }).map(function (d) { return d[0]; });
    days.sort(function (a, b) { return a === "undated" ? 1 : b === "undated" ? -1 : a < b ? 1 : -1; });
    var combos = meta.cube;
    if (p.from || p.to) {
      var summaries = await Promise.all(days.map(function (d) { return load("days/" + d); }));
      combos = [];
      summaries.forEach(function (s) { combos = combos.concat(s.combos); });
    }
    var counts = facetCounts(p, buckets, groups, combos);
    var test = matcher(p, buckets, groups, "");
    var skip = (p.page - 1) * PAGE, rows = [];
    for (var d = 0; d < days.length && rows.length < PAGE && counts.total > 0; d++) {
      var summary = await load("days/" + days[d]);
      var dayRows = [];
      for (var c = summary.chunks.length - 1; c >= 0; c--) {
        var chunk = summary.chunks[c];
        var holds = chunk[2].some(function (i) {
          var k = summary.combos[i];
          return test(k[0], k[1], k[2], k[3]);
        });
        if (!holds) continue;
        var loaded = await load("rows/" + days[d] + "/" + chunk[0]);
        loaded.forEach(function (r) { if (test(r[5], r[6], r[8], bucketOf(buckets, r[7]))) dayRows.push(r); });
      }
      dayRows.sort(newestFirst);
      var taken = Math.min(skip, dayRows.length);
      skip -= taken;
      rows = rows.concat(dayRows.slice(taken, taken + PAGE - rows.length));
    }
    return { counts: counts, total: counts.total, rows: rows, note: "" };
  }

  function text(element, value) { element.textContent = value; return element; }

  function cell(row, value, className) {
    var td = row.insertCell();
    if (className) td.className = className;
    if (value instanceof Node) td.appendChild(value); else td.textContent = value;
    return td;
  }

  function link(href, label, isolate) {
    var a = document.createElement("a");
    a.href = href;
    if (isolate) a.appendChild(text(document.createElement("bdi"), label)); else a.textContent = label;
    return a;
  }

  function showRows(p, answer) {
    var table = document.getElementById("results");
    var body = document.getElementById("results-body");
    body.textContent = "";
    answer.rows.forEach(function (r) {
      var tr = body.insertRow();
      if (r[8]) tr.className = "invalid";
      cell(tr, link("telemetry/" + encodeURIComponent(r[0]) + ".html", String(r[0])));
      cell(tr, text(document.createElement("time"), r[1] === "undated" ? "" : r[1] + " " + r[2]));
      cell(tr, r[4] ? link("trades/" + encodeURIComponent(r[4]) + ".html", r[3], true) : "");
      cell(tr, text(document.createElement("bdi"), r[5]));
      cell(tr, r[7] === null ? "" : String(r[7]), "num");
      var source = r[6] === 1 ? text(document.createElement("span"), "backfill") : "live";
      if (r[6] === 1) source.className = "badge";
      cell(tr, source);
      cell(tr, text(document.createElement("bdi"), r[9]));
    });
    var first = (p.page - 1) * PAGE;
    table.hidden = answer.rows.length === 0;
    text(document.getElementById("results-caption"),
      matches(answer.total) + ", newest first" + (answer.note ? " (" + answer.note + ")" : "") +
      (answer.rows.length ? "; rows " + grouped(first + 1) + " to " + grouped(first + answer.rows.length) : ""));
    var pager = document.getElementById("results-pager");
    pager.textContent = "";
    var go = function (page, label) {
      var query = new URLSearchParams(p.query);
      query.set("page", String(page));
      pager.appendChild(link("search.html?" + query.toString(), label));
      pager.appendChild(document.createTextNode(" "));
    };
    if (p.page > 1) go(p.page - 1, "← Previous 50");
    if (first + answer.rows.length < answer.total) go(p.page + 1, "Next 50 →");
  }

  function option(select, value, label) {
    var o = document.createElement("option");
    o.value = value;
    o.textContent = label;
    select.appendChild(o);
    return o;
  }

  function fillForm(p, meta, groupList, counts) {
    var count = function (table, value) { return " (" + (table[value] || 0) + ")"; };
    var events = {};
    meta.cube.forEach(function (c) { events[c[0]] = true; });
    var event = document.getElementById("event");
    Object.keys(events).sort().forEach(function (e) { option(event, e, (e || "(none)") + count(counts.event, e)); });
    ["source", "error"].forEach(function (name) {
      Array.prototype.forEach.call(document.getElementById(name).options, function (o) {
        if (o.value) o.textContent = o.value + count(counts[name], o.value);
      });
    });
    var group = document.getElementById("group");
    groupList.forEach(function (g) { option(group, g[0], g[1] + count(counts.group, g[0])); });
    var msmin = document.getElementById("msmin"), msmax = document.getElementById("msmax");
    meta.buckets.forEach(function (b, i) {
      var atLeast = 0, below = 0;
      Object.keys(counts.ms).forEach(function (k) {
        if (Number(k) >= i) atLeast += counts.ms[k];
        if (Number(k) >= 0 && Number(k) < i) below += counts.ms[k];
      });
      option(msmin, String(b), b + " ms (" + atLeast + ")");
      if (i > 0) option(msmax, String(b), b + " ms (" + below + ")");
    });
    CONTROLS.forEach(function (name) {
      document.getElementById(name).value = p[name];
    });
  }

  var CONTROLS = ["q", "event", "source", "error", "group", "from", "to", "msmin", "msmax"];

  // Back and Forward may show this page as it was left, with what was typed into its form
  // before it was submitted: the controls are set from the address again, to match the results.
  window.addEventListener("pageshow", function (event) {
    if (!event.persisted) return;
    var p = params();
    CONTROLS.forEach(function (name) { document.getElementById(name).value = p[name]; });
  });

  async function run() {
    var status = document.getElementById("search-status");
    var p = params();
    text(status, "Loading the index…");
    var meta = await load("meta");
    if (/^[0-9]+$/.test(p.q) && Number(p.q) >= 1 && Number(p.q) <= meta.max_id) {
      location.replace("telemetry/" + Number(p.q) + ".html");
      return;
    }
    var groupList = await load("groups");
    var answer;
    var words = p.q.toLowerCase().split(/\s+/).filter(Boolean);
    var trades = p.q ? await searchTrades(p.q) : { entries: [], note: "" };
    if (trades.entries.length) {
      answer = answerTrades(p, meta, trades.entries, trades.note);
    } else {
      var groups = null;
      if (words.length) {
        groups = new Set(groupList.filter(function (g) {
          var hay = (g[1] + " " + g[3]).toLowerCase();
          return words.every(function (w) { return hay.indexOf(w) >= 0; });
        }).map(function (g) { return g[0]; }));
      }
      answer = groups && groups.size === 0
        ? { counts: facetCounts(p, meta.buckets, groups, []), total: 0, rows: [], note: "" }
        : await answerFacets(p, meta, groups);
    }
    fillForm(p, meta, groupList, answer.counts);
    showRows(p, answer);
    text(status, answer.total === 0 ? "No row matches." : matches(answer.total) + (answer.note ? " (" + answer.note + ")" : "") + ".");
  }

  run().catch(function (error) {
    var status = document.getElementById("search-status");
    text(status, "The search index could not be read (" + error.message + "). Open the site through " +
      "`telemetry-site serve` or any web server, or rebuild it with `telemetry-site build`.");
  });
})();
