"""Ways hostile HTML tries to run script, in the spirit of OWASP's filter-evasion list (written afresh here).

Each vector, if anything of it survived, would set ``window.__xss`` or open a dialog; the browser test looks
for both, and for any attribute of the page that could still run something on a click or a hover.
"""

VECTORS = (
    "<script>window.__xss = 1</script>",
    '<img src="x" onerror="window.__xss = 2">',
    '<IMG SRC="x" OnErRoR="window.__xss = 3">',
    "<img src=x onerror=window.__xss=4//",
    '<svg onload="window.__xss = 5"><circle r="2"/></svg>',
    '<svg><animate onbegin="window.__xss = 6" attributeName="x" dur="1s"/></svg>',
    '<a href="javascript:window.__xss = 7">lien sept</a>',
    '<a href="JaVaScRiPt:window.__xss = 8">lien huit</a>',
    '<a href="&#106;avascript:window.__xss = 9">lien neuf</a>',
    '<a href="java&#x09;script:window.__xss = 10">lien dix</a>',
    '<a href=" &#14; javascript:window.__xss = 11">lien onze</a>',
    '<a href="vbscript:msgbox(12)">lien douze</a>',
    '<a href="data:text/html,&lt;script&gt;parent.__xss = 13&lt;/script&gt;">lien treize</a>',
    '<iframe src="javascript:parent.__xss = 14"></iframe>',
    "<iframe srcdoc=\"<script>parent.__xss = 15</script>\"></iframe>",
    '<object data="javascript:window.__xss = 16"></object>',
    '<embed src="javascript:window.__xss = 17">',
    '<form action="javascript:window.__xss = 18"><button>envoyer</button></form>',
    '<input autofocus onfocus="window.__xss = 19">',
    '<details open ontoggle="window.__xss = 20"><summary>s</summary></details>',
    '<body onload="window.__xss = 21">',
    '<div style="background:url(javascript:window.__xss = 22)">fond</div>',
    "<style>@import 'javascript:window.__xss = 23';</style>",
    '<link rel="stylesheet" href="javascript:window.__xss = 24">',
    '<meta http-equiv="refresh" content="0;url=javascript:window.__xss = 25">',
    '<base href="javascript:/">',
    "<scr<script>ipt>window.__xss = 27</scr</script>ipt>",
    "<math><mtext><script>window.__xss = 28</script></mtext></math>",
    '<noscript><p title="</noscript><img src=x onerror=window.__xss=29>"></noscript>',
    "<template><script>window.__xss = 30</script></template>",
    '<video><source onerror="window.__xss = 31"></video>',
    '<img src="data:image/svg+xml,&lt;svg onload=&quot;parent.__xss=32&quot;/&gt;">',
    '"><script>window.__xss = 33</script>',
    "<p onmouseover=\"window.__xss = 34\">survol</p>",
    '<a href="#" onclick="window.__xss = 35">clic</a>',
    '<textarea><script>window.__xss = 36</script></textarea>',
)

#: A title and an author name that try to break out of the page's markup.
HOSTILE_TITLE = '"><script>window.__xss = 40</script> Titre piégé'
HOSTILE_AUTHOR = "<img src=x onerror=window.__xss=41>Auteur"
