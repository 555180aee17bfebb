/* racesite: site search over the Pagefind index in <base>pagefind/ (racesite.search writes it).
 *
 * Progressive enhancement: the search forms are plain GET forms to <base>search/?q=...
 * - The header's form (every page): as the reader types, the best hits are listed under it, each with its kind
 *   (Driver, Race, Track, Team, Story); Enter opens the search page with every hit. Escape closes the list.
 * - The search page: every hit (the first SHOWN), listed as the reader types; the address keeps the query.
 * Pagefind's own pagefind.js is loaded from the site (nothing from elsewhere) on the first search, never before.
 *
 * Each record is indexed as a file named after its page ("drivers_justin-allgaier.html" for
 * drivers/justin-allgaier/): the hit's URL is turned back into the page's, under the site's base path, so results
 * link right under a GitHub Pages project subpath; the kind is read off that path. Hits whose title holds every
 * word typed come first, drivers, teams and tracks before races and stories, so a name finds its own page before
 * the races and stories that mention it.
 */
(function () {
  "use strict";

  var KINDS = { drivers: "Driver", teams: "Team", tracks: "Track" };
  var RANKS = { Driver: 0, Team: 1, Track: 2, Race: 3, Story: 4 };
  var SHOWN = 20;
  var loading = {};

  function pagefind(bundle) {
    if (!loading[bundle]) {
      // Hits' URLs root-relative ("/drivers_x.html"): the base path is put before them here, once.
      loading[bundle] = import(bundle + "pagefind.js").then(function (pf) {
        return pf.options({ baseUrl: "/" }).then(function () { return pf.init(); }).then(function () { return pf; });
      });
    }
    return loading[bundle];
  }

  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  // "/drivers_justin-allgaier.html" -> "drivers/justin-allgaier/"
  function pagePath(url) {
    return url.replace(/^\/+/, "").replace(/\.html$/, "").split("_").join("/") + "/";
  }

  function kindOf(path) {
    var parts = path.split("/").filter(Boolean);
    if (KINDS[parts[0]]) return KINDS[parts[0]];
    if (parts[0] === "races") return parts.length > 4 ? "Story" : "Race";
    return "Page";
  }

  // The hits for a query, best first: {title, href, kind, excerpt}. `limit`: how many to load.
  function find(bundle, base, query, limit) {
    return pagefind(bundle).then(function (pf) { return pf.search(query); }).then(function (found) {
      if (!found) return null;
      return Promise.all(found.results.slice(0, limit).map(function (r) { return r.data(); }))
        .then(function (data) {
          var words = fold(query).split(/\s+/).filter(Boolean);
          var hits = data.map(function (d, i) {
            var path = pagePath(d.url);
            var kind = kindOf(path);
            var title = (d.meta && d.meta.title) || path;
            var folded = fold(title);
            var holds = words.every(function (w) { return folded.indexOf(w) !== -1; });
            return { title: title, href: base + path, kind: kind, excerpt: d.excerpt, i: i,
                     first: holds ? RANKS[kind] : 9 };
          });
          hits.sort(function (a, b) { return a.first - b.first || a.i - b.i; });
          return { hits: hits, total: found.results.length };
        });
    });
  }

  function item(hit, excerpt) {
    var li = document.createElement("li");
    var kind = document.createElement("span");
    kind.className = "kind";
    kind.textContent = hit.kind;
    var link = document.createElement("a");
    link.href = hit.href;
    link.textContent = hit.title;
    li.appendChild(kind);
    li.appendChild(document.createTextNode(" "));
    li.appendChild(link);
    // A driver, team or track is indexed by its name alone: its excerpt would only repeat the title.
    var words = hit.excerpt ? hit.excerpt.replace(/<[^>]*>/g, "").trim() : "";
    if (excerpt && words && words.replace(/[.\u2026]+$/, "") !== hit.title) {
      var p = document.createElement("p");
      p.className = "excerpt";
      p.innerHTML = hit.excerpt; // Pagefind escapes the text and adds only <mark>
      li.appendChild(p);
    }
    return li;
  }

  function said(query, total, shown) {
    return total === 0 ? "No results for \u201c" + query + "\u201d."
      : total + (total === 1 ? " result" : " results") + " for \u201c" + query + "\u201d" +
        (total > shown ? ", the first " + shown + " shown." : ".");
  }

  // A form whose input searches as the reader types: `show(query, answer)` lists the hits (answer null: cleared).
  function live(form, limit, show) {
    var base = form.getAttribute("data-base") || "/";
    var bundle = form.getAttribute("data-pagefind") || base + "pagefind/";
    var input = form.querySelector("input[name=q]");
    var latest = 0;
    var timer = null;
    function run(query) {
      var ticket = ++latest;
      query = query.trim();
      if (!query) { show("", null); return; }
      find(bundle, base, query, limit).then(function (answer) {
        if (ticket === latest && answer) show(query, answer);
      }).catch(function () {
        if (ticket === latest) show(query, { error: true, hits: [], total: 0 });
      });
    }
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () { run(input.value); }, 120);
    });
    return { input: input, run: run };
  }

  function searchPage(form) {
    var status = document.querySelector(".search-status");
    var list = document.querySelector(".search-results");
    var searcher = live(form, SHOWN, function (query, answer) {
      list.textContent = "";
      var url = new URL(window.location.href);
      url.searchParams.set("q", query);
      window.history.replaceState(null, "", url);
      if (!answer) { status.textContent = ""; return; }
      if (answer.error) { status.textContent = "Search could not load. Try again, or browse the indexes."; return; }
      answer.hits.forEach(function (hit) { list.appendChild(item(hit, true)); });
      status.textContent = said(query, answer.total, answer.hits.length);
    });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      searcher.run(searcher.input.value);
    });
    var initial = new URLSearchParams(window.location.search).get("q") || "";
    searcher.input.value = initial;
    if (initial) searcher.run(initial);
  }

  function headerBox(form) {
    var popup = document.createElement("div");
    popup.className = "search-popup";
    popup.hidden = true;
    var status = document.createElement("p");
    status.className = "search-status";
    status.setAttribute("role", "status");
    var list = document.createElement("ol");
    list.className = "search-results";
    var all = document.createElement("a");
    all.className = "search-all";
    all.href = form.getAttribute("action");  // a real link from the start (the search page), the query added as typed
    popup.appendChild(status);
    popup.appendChild(list);
    popup.appendChild(all);
    form.appendChild(popup);
    var searcher = live(form, 8, function (query, answer) {
      list.textContent = "";
      if (!answer) { popup.hidden = true; status.textContent = ""; return; }
      popup.hidden = false;
      if (answer.error) { status.textContent = "Search could not load."; all.hidden = true; return; }
      answer.hits.forEach(function (hit) { list.appendChild(item(hit, false)); });
      status.textContent = said(query, answer.total, answer.hits.length);
      all.hidden = answer.total === 0;
      all.href = form.getAttribute("action") + "?q=" + encodeURIComponent(query);
      all.textContent = "All results for \u201c" + query + "\u201d";
    });
    function close() { popup.hidden = true; }
    form.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && !popup.hidden) { close(); searcher.input.focus(); }
    });
    document.addEventListener("click", function (event) { if (!form.contains(event.target)) close(); });
    searcher.input.addEventListener("focus", function () {
      if (searcher.input.value.trim() && list.childNodes.length) popup.hidden = false;
    });
  }

  function start() {
    var page = document.querySelector("form.search-page");
    if (page) searchPage(page);
    var header = document.querySelector("form.site-search");
    if (header && !page) headerBox(header);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
