package bookshelf

// Book is a book of the catalogue.
type Book struct {
	ID      int64  `json:"id"`
	Title   string `json:"title"`
	Author  string `json:"author"`
	Year    int    `json:"year"`
	OnShelf bool   `json:"on_shelf"`
	// CoverURL is the book's cover: the user's own upload when there is one, else the
	// catalogue's SVG.
	CoverURL string `json:"cover_url"`
}

// catalogue is the seeded catalogue: 45 books, so 5 pages of PageSize.
var catalogue = func() []Book {
	titles := []struct {
		t, a string
		y    int
	}{
		{"Pride and Prejudice", "Jane Austen", 1813}, {"Moby-Dick", "Herman Melville", 1851},
		{"Middlemarch", "George Eliot", 1871}, {"War and Peace", "Leo Tolstoy", 1869},
		{"Great Expectations", "Charles Dickens", 1861}, {"Jane Eyre", "Charlotte Brontë", 1847},
		{"Wuthering Heights", "Emily Brontë", 1847}, {"The Brothers Karamazov", "Fyodor Dostoevsky", 1880},
		{"Madame Bovary", "Gustave Flaubert", 1857}, {"Anna Karenina", "Leo Tolstoy", 1878},
		{"Bleak House", "Charles Dickens", 1853}, {"Emma", "Jane Austen", 1815},
		{"Dracula", "Bram Stoker", 1897}, {"Frankenstein", "Mary Shelley", 1818},
		{"The Count of Monte Cristo", "Alexandre Dumas", 1844}, {"Les Misérables", "Victor Hugo", 1862},
		{"Crime and Punishment", "Fyodor Dostoevsky", 1866}, {"The Idiot", "Fyodor Dostoevsky", 1869},
		{"Persuasion", "Jane Austen", 1817}, {"North and South", "Elizabeth Gaskell", 1855},
		{"The Moonstone", "Wilkie Collins", 1868}, {"The Woman in White", "Wilkie Collins", 1859},
		{"Vanity Fair", "William Makepeace Thackeray", 1848}, {"Little Women", "Louisa May Alcott", 1868},
		{"The Scarlet Letter", "Nathaniel Hawthorne", 1850}, {"Walden", "Henry David Thoreau", 1854},
		{"Far from the Madding Crowd", "Thomas Hardy", 1874}, {"Tess of the d'Urbervilles", "Thomas Hardy", 1891},
		{"The Portrait of a Lady", "Henry James", 1881}, {"Treasure Island", "Robert Louis Stevenson", 1883},
		{"Kidnapped", "Robert Louis Stevenson", 1886}, {"The Time Machine", "H. G. Wells", 1895},
		{"The War of the Worlds", "H. G. Wells", 1898}, {"Around the World in Eighty Days", "Jules Verne", 1872},
		{"Twenty Thousand Leagues Under the Seas", "Jules Verne", 1870}, {"Fathers and Sons", "Ivan Turgenev", 1862},
		{"Oblomov", "Ivan Goncharov", 1859}, {"Effi Briest", "Theodor Fontane", 1895},
		{"Germinal", "Émile Zola", 1885}, {"The Red and the Black", "Stendhal", 1830},
		{"Eugene Onegin", "Alexander Pushkin", 1833}, {"Dead Souls", "Nikolai Gogol", 1842},
		{"Silas Marner", "George Eliot", 1861}, {"Sense and Sensibility", "Jane Austen", 1811},
		{"The Picture of Dorian Gray", "Oscar Wilde", 1890},
	}
	out := make([]Book, len(titles))
	for i, b := range titles {
		out[i] = Book{Title: b.t, Author: b.a, Year: b.y}
	}
	return out
}()

// PageSize is how many books a page of the catalogue holds.
const PageSize = 10
