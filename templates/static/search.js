/* racesite: the search page, over the Pagefind index in <base>pagefind/ (racesite.search writes it).
 *
 * Progressive enhancement: the search forms are plain GET forms to <base>search/?q=...; this script
 * runs on that page only. It loads Pagefind's own pagefind.js from the site (nothing from elsewhere),
 * tells it the site's base path (so results link right under a GitHub Pages project subpath), and
 * lists the hits as the reader types, each with its kind (Driver, Race, Track, Team, Story). Hits whose
 * title holds every word typed come first, drivers, teams and tracks before races and stories (the
 * record's "rank"), so a name finds its own page before the races and stories that mention it.
 */
(function () {
  "use strict";

  var form = document.querySelector("form.search-page");
  if (!form) return;
  var base = form.getAttribute("data-base") || "/";
  var bundle = form.getAttribute("data-pagefind") || base + "pagefind/";
  var input = form.querySelector("input[name=q]");
  var status = document.querySelector(".search-status");
  var list = document.querySelector(".search-results");
  var SHOWN = 20;
  var loading = null;
  var latest = 0;

  function pagefind() {
    if (!loading) {
      loading = import(bundle + "pagefind.js").then(function (pf) {
        return pf.options({ baseUrl: base }).then(function () { return pf; });
      });
    }
    return loading;
  }

  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  function titleHolds(title, words) {
    var folded = fold(title);
    return words.every(function (w) { return folded.indexOf(w) !== -1; });
  }

  function render(query, hits, total) {
    list.textContent = "";
    hits.forEach(function (hit) {
      var li = document.createElement("li");
      var kind = document.createElement("span");
      kind.className = "kind";
      kind.textContent = (hit.meta && hit.meta.kind) || "Page";
      var link = document.createElement("a");
      // racesite.search stores each record's URL as its "url" metadata, root-relative: "/drivers/x/".
      link.href = hit.meta && hit.meta.url ? base.replace(/\/$/, "") + hit.meta.url : hit.url;
      link.textContent = (hit.meta && hit.meta.title) || hit.url;
      var excerpt = document.createElement("p");
      excerpt.className = "excerpt";
      excerpt.innerHTML = hit.excerpt; // Pagefind escapes the text and adds only <mark>
      li.appendChild(kind);
      li.appendChild(document.createTextNode(" "));
      li.appendChild(link);
      li.appendChild(excerpt);
      list.appendChild(li);
    });
    status.textContent = total === 0 ? "No results for \u201c" + query + "\u201d."
      : total + (total === 1 ? " result" : " results") + " for \u201c" + query + "\u201d" +
        (total > hits.length ? ", the first " + hits.length + " shown." : ".");
  }

  function search(query) {
    var ticket = ++latest;
    query = query.trim();
    if (!query) { list.textContent = ""; status.textContent = ""; return Promise.resolve(); }
    return pagefind().then(function (pf) { return pf.search(query); }).then(function (found) {
      if (ticket !== latest || !found) return null;
      return Promise.all(found.results.slice(0, SHOWN).map(function (r) { return r.data(); }))
        .then(function (hits) {
          if (ticket !== latest) return;
          var words = fold(query).split(/\s+/).filter(Boolean);
          var first = hits.filter(function (h) { return titleHolds((h.meta && h.meta.title) || "", words); })
            .map(function (h, i) { return { hit: h, i: i, rank: Number((h.meta && h.meta.rank) || 9) }; })
            .sort(function (a, b) { return a.rank - b.rank || a.i - b.i; })
            .map(function (e) { return e.hit; });
          var rest = hits.filter(function (h) { return first.indexOf(h) === -1; });
          render(query, first.concat(rest), found.results.length);
        });
    }).catch(function () {
      if (ticket === latest) status.textContent = "Search could not load. Try again, or browse the indexes.";
    });
  }

  var timer = null;
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () {
      var url = new URL(window.location.href);
      url.searchParams.set("q", input.value);
      window.history.replaceState(null, "", url);
      search(input.value);
    }, 150);
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    search(input.value);
  });

  var initial = new URLSearchParams(window.location.search).get("q") || "";
  input.value = initial;
  if (initial) search(initial);
})();
