// Common English words, the kind short children's stories (TinyStories) are made of: function words, the
// usual verbs in their common forms, and everyday nouns and adjectives. The story scorer counts how many of
// a continuation's words are here; it is a fluency check on vocabulary, not a dictionary.
const WORDS = `
a an the and or but so if then than because when while after before until as at by for from in into of off on
onto out over to up with about under again very too not no yes all any some many much more most every each
other another one two three four five first last next i you he she it we they me him her us them my your his
its our their mine this that these those there here what who where why how which
is am are was were be been being has have had do does did done can could will would shall should may might must
go goes went going gone come came coming see saw seen look looked looking want wanted like liked love loved play
played playing run ran running walk walked jump jumped find found get got give gave take took make made say
said tell told think thought know knew feel felt help helped try tried ask asked eat ate sleep slept sit sat
stand stood open opened close closed smile smiled laugh laughed cry cried hug hugged share shared fly flew swim
swam climb climbed pick picked put call called live lived keep kept let began begin start started stop
stopped need needed hear heard turn turned show showed learn learned wait waited bring brought hold held
little big small happy sad good bad nice kind new old young long short tall red blue green yellow pink
brown black white bright dark warm cold hot soft hard fast slow loud quiet pretty beautiful funny scared
brave tired hungry careful gentle sweet best better great fun special friendly shiny
day night time morning sun moon sky star tree trees park garden house home room door window bed box ball
toy toys car boat book cake apple water food friend friends mom mum dad mother father family girl boy baby
dog cat bird fish bunny bear duck frog mouse lion pig cow horse sheep name names world way thing things
flower flowers grass rain snow wind hill river sea lake forest school teacher king queen princess
once upon lily tim timmy ben tom sue anna max sam mia jack lucy sara mommy daddy
also just now then soon always never still even only really together away down back around too`;

export const COMMON_WORDS: ReadonlySet<string> = new Set(WORDS.split(/\s+/).filter(Boolean));
