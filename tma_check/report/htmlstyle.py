"""The style sheet of the HTML page, inline in it (the page loads nothing).

Statuses are a symbol and a word in a bordered badge as well as a colour, so
they survive black-and-white printing; text past a limit is highlighted on
screen and underlined (dotted past the limit, double past the leeway) on
paper. On a screen narrower than 40rem (a phone) the cells of class ``opt``
are hidden, so that the question, its count, its bar and its status fit
without scrolling. In print every column comes back, scroll boxes give way
to the full table, and each file of a batch starts a new page.
"""

from __future__ import annotations

CSS = """
body{margin:0;color:#1a1a1a;background:#fff;font:16px/1.5 system-ui,-apple-system,"Segoe UI",
Roboto,Helvetica,Arial,sans-serif} main{max-width:76rem;margin:0 auto;padding:1rem}
h1{font-size:1.5rem;margin:.5rem 0} h3{font-size:1.15rem;margin:1.8rem 0 .4rem}
h2{font-size:1.3rem;margin:2.5rem 0 .5rem;padding-bottom:.2rem;border-bottom:2px solid #ccc}
h4{font-size:1.05rem;margin:1.5rem 0 .3rem;padding-top:.8rem;border-top:1px solid #ddd}
h1,h2,h3,h4,p,li{overflow-wrap:anywhere} td{overflow-wrap:break-word}
.muted,.meta{color:#555} .meta{margin:0 0 1rem} .scroll{overflow-x:auto;margin:.5rem 0}
table{border-collapse:collapse} a{color:#1d4ed8}
th,td{border:1px solid #c8c8c8;padding:.3rem .55rem;text-align:left;vertical-align:top}
thead th{background:#eef0f3} tfoot td{background:#f6f7f9;font-weight:bold}
td.n{text-align:right;white-space:nowrap} td.x,td.nw{white-space:nowrap}
tr.other td{color:#555;font-style:italic} footer{margin-top:3rem;font-size:.85rem;color:#555}
.badge{display:inline-block;padding:0 .45rem;border:1px solid;border-radius:.3rem;
font-weight:bold;font-style:normal;white-space:nowrap}
.s-ok{color:#14532d;background:#e7f6ec} .s-over,.s-under{color:#713f12;background:#fdf3d7}
.s-fail,.s-missing,.s-unchecked,.s-error{color:#991b1b;background:#fde8e8;border-width:2px}
.verdict{font-size:1.05rem;margin:.6rem 0} .verdict strong{margin-left:.3rem}
ul.findings,ul.legend{padding-left:1.2rem} ul.findings li,ul.legend li{margin:.25rem 0}
.reconcile td{border:0;padding:.1rem .55rem} .reconcile tr.sum td{border-top:1px solid #999}
del{color:#555;background:#eee;text-decoration:line-through} sup.tag{margin-left:.15rem}
.tag{font-size:.7rem;color:#5b21b6;background:#f1eafd;border-radius:.2rem;padding:0 .25rem;
white-space:nowrap;font-weight:bold} .text{border-left:3px solid #d0d0d0;padding-left:.8rem}
.text p{margin:.45rem 0} .text p.h,tr.sum td{font-weight:bold} .text td p{margin:0}
td.part{padding-left:1.6rem} .pct{display:inline-block;min-width:3.7rem;text-align:right}
.kind{font-size:.75rem;text-transform:uppercase;letter-spacing:.03em;color:#555;margin-right:.35rem}
.bar{position:relative;display:inline-block;width:6rem;height:.85rem;
margin-right:.4rem;vertical-align:-.05rem;background:#eceef1;border:1px solid #8a9099;
border-radius:2px;overflow:hidden}
.bar span{position:absolute;top:0;bottom:0;left:0}
.bar .band{background:repeating-linear-gradient(135deg,#b7791f 0 2px,#fdf0c8 2px 5px)}
.bar .fill{top:22%;bottom:22%;background:#2f7d4a} .bar .f-over,.bar .f-under{background:#a86a12}
.bar .f-fail{background:#b91c1c} .bar .limit{width:2px;margin-left:-1px;background:#111}
.gauge{margin:.4rem 0} .gauge .bar{width:min(24rem,100%);height:1.2rem;display:block;margin:.2rem 0}
.z1{background:#fff0b8;box-decoration-break:clone;-webkit-box-decoration-break:clone}
.z2{background:#ffc9bd;box-decoration-break:clone;-webkit-box-decoration-break:clone}
.cut{font-size:.72rem;font-weight:bold;white-space:nowrap;padding:0 .3rem;margin:0 .25rem;
border:1px solid;border-left-width:4px;border-radius:.2rem;background:#fff;vertical-align:.1em}
.cut-limit{color:#7c4a03} .cut-leeway{color:#991b1b}
.cutnote{border-left:4px solid #b26b00;padding:.1rem .6rem;background:#fffaeb}
.cutnote.leeway{border-left-color:#991b1b;background:#fff3f0}
@media (max-width:40rem){body{font-size:15px}main{padding:.6rem}th,td{padding:.25rem .35rem}
.opt{display:none} .bar{width:3.2rem} td.bars .pct{display:block}
.summary td:first-child{max-width:7rem}}
@media print{body{font-size:10.5pt;color:#000} main{max-width:none;padding:0}
.scroll{overflow:visible} a{color:#000;text-decoration:none} .opt{display:table-cell}
table.summary,table.overview{font-size:8.5pt} th,td{padding:.15rem .3rem}
td.x{white-space:normal} .bar{width:2.8rem} td.bars .pct{display:block} .verdict{font-size:11pt}
.badge{background:#fff;color:#000;border-color:#000} .batch section.file{break-before:page}
h2,h3,h4{break-after:avoid} tr,.cutnote,.gauge{break-inside:avoid}
thead{display:table-header-group} thead th,tfoot td,del,.tag{background:#fff}
.bar,.z1,.z2,.cutnote{print-color-adjust:exact;-webkit-print-color-adjust:exact}
.cut{color:#000} .z1{text-decoration:underline dotted} .z2{text-decoration:underline double}}
"""
