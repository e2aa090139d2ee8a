"""XML namespaces and tag names of WordprocessingML that the loader reads."""

from __future__ import annotations

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
M_NS = "http://schemas.openxmlformats.org/officeDocument/2006/math"
MC_NS = "http://schemas.openxmlformats.org/markup-compatibility/2006"
A_NS = "http://schemas.openxmlformats.org/drawingml/2006/main"
EP_NS = "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"

# Strict OOXML uses other namespace names for the same vocabulary; the loader
# rewrites them to the transitional names before walking a part.
STRICT_TO_TRANSITIONAL = {
    b"http://purl.oclc.org/ooxml/wordprocessingml/main": W_NS.encode(),
    b"http://purl.oclc.org/ooxml/officeDocument/math": M_NS.encode(),
    b"http://purl.oclc.org/ooxml/drawingml/main": A_NS.encode(),
    b"http://purl.oclc.org/ooxml/officeDocument/relationships": b"http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    b"http://purl.oclc.org/ooxml/drawingml/wordprocessingDrawing": b"http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
    b"http://purl.oclc.org/ooxml/officeDocument/extendedProperties": EP_NS.encode(),
}


def w(name: str) -> str:
    return f"{{{W_NS}}}{name}"


def m(name: str) -> str:
    return f"{{{M_NS}}}{name}"


W_VAL = w("val")
W_ID = w("id")
W_TYPE = w("type")

P = w("p")
PPR = w("pPr")
PSTYLE = w("pStyle")
R = w("r")
RPR = w("rPr")
RSTYLE = w("rStyle")
T = w("t")
TAB = w("tab")
PTAB = w("ptab")
BR = w("br")
CR = w("cr")
NOBREAKHYPHEN = w("noBreakHyphen")
SOFTHYPHEN = w("softHyphen")
SYM = w("sym")
FLDCHAR = w("fldChar")
FLDCHARTYPE = w("fldCharType")
INSTRTEXT = w("instrText")
FLDSIMPLE = w("fldSimple")
INSTR = w("instr")
TBL = w("tbl")
TR = w("tr")
TRPR = w("trPr")
TC = w("tc")
TCPR = w("tcPr")
GRIDSPAN = w("gridSpan")
SDT = w("sdt")
SDTCONTENT = w("sdtContent")
SDTPR = w("sdtPr")
RUBY = w("ruby")
RUBYBASE = w("rubyBase")
CUSTOMXML = w("customXml")
SMARTTAG = w("smartTag")
HYPERLINK = w("hyperlink")
INS = w("ins")
DEL = w("del")
MOVETO = w("moveTo")
MOVEFROM = w("moveFrom")
DIR = w("dir")
BDO = w("bdo")
DRAWING = w("drawing")
PICT = w("pict")
OBJECT = w("object")
TXBXCONTENT = w("txbxContent")
FOOTNOTEREFERENCE = w("footnoteReference")
ENDNOTEREFERENCE = w("endnoteReference")
FOOTNOTE = w("footnote")
ENDNOTE = w("endnote")
BODY = w("body")
VANISH = w("vanish")
SPECVANISH = w("specVanish")
VERTALIGN = w("vertAlign")
BOLD = w("b")
ITALIC = w("i")
NUMPR = w("numPr")
ILVL = w("ilvl")
NUMID = w("numId")
OUTLINELVL = w("outlineLvl")
IND = w("ind")
LEFT = w("left")
START = w("start")
CHAR = w("char")

OMATH = m("oMath")
OMATHPARA = m("oMathPara")
M_T = m("t")

# Namespaces an ``mc:Choice`` may require and still be read: the walker knows
# WordprocessingML (with Word 2010/2013 additions), DrawingML text boxes,
# groups and canvases, VML and OMML. A choice needing anything else (such as
# Word 2016's ``w16se:symEx`` emoji) is skipped for its ``mc:Fallback``.
UNDERSTOOD = frozenset(
    {
        W_NS,
        M_NS,
        A_NS,
        "http://schemas.microsoft.com/office/word/2010/wordml",
        "http://schemas.microsoft.com/office/word/2012/wordml",
        "http://schemas.microsoft.com/office/word/2010/wordprocessingShape",
        "http://schemas.microsoft.com/office/word/2010/wordprocessingGroup",
        "http://schemas.microsoft.com/office/word/2010/wordprocessingCanvas",
        "http://schemas.microsoft.com/office/word/2010/wordprocessingInk",
        "http://schemas.microsoft.com/office/word/2010/wordprocessingDrawing",
        "http://schemas.microsoft.com/office/drawing/2010/main",
        "urn:schemas-microsoft-com:vml",
        "urn:schemas-microsoft-com:office:office",
    }
)

ALTERNATECONTENT = f"{{{MC_NS}}}AlternateContent"
CHOICE = f"{{{MC_NS}}}Choice"
FALLBACK = f"{{{MC_NS}}}Fallback"
REQUIRES = "Requires"
BLIP = f"{{{A_NS}}}blip"
VML_IMAGEDATA = "{urn:schemas-microsoft-com:vml}imagedata"

# Every element the walker is handed (see tma_check.load.walk): what holds
# text, what decides whether text is read, and the containers whose contents
# are passed over whole (paragraph properties, content-control properties,
# deletions) so that nothing inside them has to be looked at.
WALKED = (
    P,
    PPR,
    R,
    BOLD,
    ITALIC,
    VANISH,
    VERTALIGN,
    RSTYLE,
    T,
    TAB,
    PTAB,
    BR,
    CR,
    NOBREAKHYPHEN,
    SOFTHYPHEN,
    SYM,
    FLDCHAR,
    INSTRTEXT,
    FLDSIMPLE,
    FOOTNOTEREFERENCE,
    ENDNOTEREFERENCE,
    DRAWING,
    PICT,
    OBJECT,
    RUBY,
    RUBYBASE,
    OMATH,
    OMATHPARA,
    ALTERNATECONTENT,
    CHOICE,
    FALLBACK,
    TBL,
    TR,
    TC,
    SDT,
    SDTCONTENT,
    SDTPR,
    HYPERLINK,
    SMARTTAG,
    CUSTOMXML,
    INS,
    MOVETO,
    DIR,
    BDO,
    DEL,
    MOVEFROM,
)
